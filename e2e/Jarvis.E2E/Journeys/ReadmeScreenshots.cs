using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// Refreshes the accessibility screenshots of the README (docs/screenshots): the focus ring and the 320 px layout, light
/// and dark. Runs only when <c>JARVIS_SCREENSHOTS</c> names the folder to write to, e.g.
/// <c>JARVIS_SCREENSHOTS=$PWD/docs/screenshots dotnet test e2e/Jarvis.E2E --filter ReadmeScreenshots</c>.
/// </summary>
public sealed class ReadmeScreenshots(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    private static readonly string? Folder = Environment.GetEnvironmentVariable("JARVIS_SCREENSHOTS");

    [ScreenshotTheory]
    [InlineData(false)]
    [InlineData(true)]
    public Task FocusRingAndNarrowLayout(bool dark) => JourneyAsync(async () =>
    {
        var theme = dark ? "dark" : "light";
        var (browser, customers) = await LogInAsync("su", new BrowserLook(Dark: dark, Width: 1024, Height: 640));
        var page = browser.Page;
        await customers.SearchAsync("inc");
        await Expect(customers.Table).ToHaveAttributeAsync("aria-busy", "false");

        // The focus ring, reached with the keyboard: Tab from the search box to the "Reference" sort button.
        await customers.SearchBox.FocusAsync();
        var sort = customers.SortButton("Reference");
        for (var i = 0; i < 10 && !await sort.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(sort).ToBeFocusedAsync();
        await SaveAsync(page, $"focus-{theme}.png", new PageScreenshotOptions
        {
            Clip = new Clip { X = 0, Y = 0, Width = 1024, Height = 420 },
        });

        await page.SetViewportSizeAsync(320, 640);
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await Expect(customers.Rows.First).ToBeVisibleAsync();
        await SaveAsync(page, $"narrow-320-{theme}.png", new PageScreenshotOptions());
    });

    private static async Task SaveAsync(IPage page, string name, PageScreenshotOptions options)
    {
        options.Path = Path.Combine(Folder!, name);
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.effect?.getComputedTiming().iterations === Infinity)");
        await page.ScreenshotAsync(options);
        Assert.True(new FileInfo(options.Path).Length > 1_000, $"{options.Path} is (nearly) empty.");
    }

    /// <summary>A theory that is skipped unless <c>JARVIS_SCREENSHOTS</c> is set.</summary>
    private sealed class ScreenshotTheoryAttribute : TheoryAttribute
    {
        public ScreenshotTheoryAttribute()
        {
            if (string.IsNullOrEmpty(Folder))
            {
                Skip = "Set JARVIS_SCREENSHOTS to the folder to write the README screenshots to.";
            }
        }
    }
}
