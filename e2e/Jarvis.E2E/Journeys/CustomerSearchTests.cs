using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>Journey 6: a service number typed the way people write it, and a search that lives in the URL.</summary>
public sealed class CustomerSearchTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    private const string FormattedNumber = "0800 555-132";

    [Fact]
    public Task Su_SearchesAFormattedServiceNumber_FindsRapidityLocators_AndTheUrlAndHistoryKeepTheSearch() => JourneyAsync(async () =>
    {
        var (browser, customers) = await LogInAsync("su");
        var page = browser.Page;

        await customers.SearchAsync("no such customer");
        await Expect(customers.EmptyState).ToBeVisibleAsync();
        await Expect(customers.Rows).ToHaveCountAsync(0);

        await customers.SearchAsync(FormattedNumber);
        await customers.ExpectCustomersAsync("Rapidity Locators Inc");
        await Expect(customers.Count(1)).ToBeVisibleAsync();

        await customers.SearchAsync("kiwi");
        await customers.ExpectCustomersAsync("100% Kiwi Ltd");

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(CustomersPage.WithQuery(FormattedNumber));
        await Expect(customers.SearchBox).ToHaveValueAsync(FormattedNumber);
        await customers.ExpectCustomersAsync("Rapidity Locators Inc");

        await page.GoForwardAsync();
        await Expect(page).ToHaveURLAsync(CustomersPage.WithQuery("kiwi"));
        await Expect(customers.SearchBox).ToHaveValueAsync("kiwi");
        await customers.ExpectCustomersAsync("100% Kiwi Ltd");

        await page.ReloadAsync();
        await customers.ExpectShownAsync();
        await Expect(customers.SearchBox).ToHaveValueAsync("kiwi");
        await customers.ExpectCustomersAsync("100% Kiwi Ltd");
    });
}
