using System.Diagnostics;
using System.Text.RegularExpressions;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// A search the server answers slowly (the <see cref="PortalServer.SlowSearchTerm"/> provider holds the statement's thread,
/// as SQLite does) must not freeze the page: clicks take effect meanwhile, a newer term's answer wins, and the rows
/// shown meanwhile are marked as out of date.
/// </summary>
public sealed partial class SlowSearchTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    [Fact]
    public Task SlowSearch_ThemeToggleMeanwhile_AppliesWhileTheSearchStillRuns_AndANewerTermWins() => JourneyAsync(async () =>
    {
        var (browser, customers) = await LogInAsync("su");
        var layout = browser.Page.Locator(".jarvis-app");
        await Expect(customers.Rows).ToHaveCountAsync(25);
        await Expect(customers.Table).ToHaveAttributeAsync("aria-busy", "false");
        var releasedBefore = Server.SlowSearch.Released;
        await customers.SearchBox.FillAsync(PortalServer.SlowSearchTerm);
        await Expect(customers.Table).ToHaveAttributeAsync("aria-busy", "true");
        await Expect(customers.Rows).ToHaveCountAsync(25);
        await Expect(customers.Table.Locator("tbody")).ToHaveCSSAsync("opacity", "0.45");

        await Expect(layout).Not.ToHaveClassAsync(DarkClass());
        await customers.AppBar.ThemeButton.ClickAsync();
        var clock = Stopwatch.StartNew();
        // What is checked is the order, not a time (a loaded machine is slow at everything): the theme applies while the
        // held search is still running (the table still busy), well within the held statement's delay. The time is reported.
        await Expect(layout).ToHaveClassAsync(DarkClass(), new() { Timeout = (float)(PortalServer.SlowSearchDelay.TotalMilliseconds / 2) });
        Output.WriteLine($"The theme applied {clock.ElapsedMilliseconds} ms after the click, during the slow search.");
        Assert.Equal("true", await customers.Table.GetAttributeAsync("aria-busy"));

        // A newer term overtakes the slow one: its answer shows, and is still what shows once the slow query has ended.
        await customers.SearchBox.FillAsync("rapi");
        await customers.ExpectCustomersAsync("Rapidity Inc", "Rapidity Locators Inc");
        await Expect(customers.Table).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(customers.Announcement).ToHaveTextAsync("2 customers match “rapi”.");
        await WaitForSlowSearchReleasedAsync(releasedBefore);
        await customers.ExpectCustomersAsync("Rapidity Inc", "Rapidity Locators Inc");
        await Expect(customers.Announcement).ToHaveTextAsync("2 customers match “rapi”.");
    });

    [Fact]
    public Task SlowSearch_RowLinkClickedMeanwhile_OpensTheCustomerAtOnce() => JourneyAsync(async () =>
    {
        var (browser, customers) = await LogInAsync("su");
        await customers.SearchAsync("rapi");
        await customers.ExpectCustomersAsync("Rapidity Inc", "Rapidity Locators Inc");

        await customers.SearchBox.FillAsync("rapi " + PortalServer.SlowSearchTerm);
        await Expect(customers.Table).ToHaveAttributeAsync("aria-busy", "true");
        await customers.Table.GetByRole(AriaRole.Link, new() { Name = "Rapidity Inc", Exact = true }).ClickAsync();

        // Well before the slow search (twice the held statement's delay: count, then rows) could have ended.
        var customer = new CustomerPage(browser.Page);
        await Expect(customer.Heading).ToHaveTextAsync("Rapidity Inc", new() { Timeout = 2_000 });
        await Expect(browser.Page).ToHaveURLAsync(new Regex("/customers/3134$"));
    });

    private async Task WaitForSlowSearchReleasedAsync(int releasedBefore)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Server.SlowSearch.Released == releasedBefore)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    [GeneratedRegex(@"\bjarvis-dark\b")]
    private static partial Regex DarkClass();
}
