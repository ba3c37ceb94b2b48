using Microsoft.Playwright;

namespace Jarvis.E2E.Infrastructure;

/// <summary>
/// Waits until an element of a Blazor Server page is interactive. The page is first prerendered as plain HTML; when
/// its circuit starts, Blazor throws the prerendered elements away and renders new ones wired to .NET, so whatever
/// was typed into the prerendered ones is lost. A journey waits here before it types or clicks.
/// </summary>
public static class BlazorCircuit
{
    /// <summary>
    /// "wired" once Blazor's renderer has attached its event handlers to the element (it keeps them in an expando
    /// property named <c>_blazorEvents_N</c>), "replaced" if the element was a prerendered one that is now gone.
    /// </summary>
    private const string WiredOrReplaced = """
        element => Object.keys(element).some(key => key.startsWith('_blazorEvents_')) ? 'wired'
            : element.isConnected ? false : 'replaced'
        """;

    /// <summary>Waits until <paramref name="element"/> has Blazor's event handlers, i.e. typing into it reaches .NET.</summary>
    public static async Task WaitUntilInteractiveAsync(ILocator element)
    {
        if (await WaitAsync(element) == "replaced")
        {
            // The prerendered element found first has been replaced by the interactive render; the replacement is
            // rendered with its handlers, so this second look answers at once.
            var second = await WaitAsync(element);
            Assert.True(second == "wired", $"The element {element} was replaced twice without becoming interactive.");
        }
    }

    private static async Task<string> WaitAsync(ILocator element)
    {
        var handle = await element.ElementHandleAsync();
        var state = await element.Page.WaitForFunctionAsync(WiredOrReplaced, handle);
        return await state.JsonValueAsync<string>();
    }
}
