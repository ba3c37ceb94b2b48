using Microsoft.Playwright;

namespace Jarvis.E2E.Infrastructure;

/// <summary>
/// Waits until a Blazor Server page is interactive. A page is first prerendered as plain HTML; what is typed or
/// clicked before its circuit has rendered it again is lost, so a journey waits here before it acts.
/// </summary>
public static class BlazorCircuit
{
    public static async Task WaitUntilInteractiveAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => typeof window.Blazor?.disconnect === 'function'");

    public static async Task WaitUntilInteractiveAsync(ILocator element) =>
        await WaitUntilInteractiveAsync(element.Page);
}
