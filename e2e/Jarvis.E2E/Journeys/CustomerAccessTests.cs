using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>Journeys 3, 4 and 5: who sees which customers, who may change them, who may log in at all.</summary>
public sealed class CustomerAccessTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    [Fact]
    public Task Rapidity_SeesOnlyItsOwnThreeCustomers_AndAnotherCustomerByUrlIsNotFound() => JourneyAsync(async () =>
    {
        var (browser, customers) = await LogInAsync("rapidity");
        await Expect(customers.AppBar.Text("rapidity")).ToBeVisibleAsync();
        await Expect(customers.AppBar.Text("AcsPermissionLevel6")).ToBeVisibleAsync();

        await customers.ExpectCustomersAsync("Harbour Freight Co", "Rapidity Inc", "Swift Couriers Ltd");
        await Expect(customers.Count(3)).ToBeVisibleAsync();
        await Expect(customers.SearchBox).ToHaveValueAsync("");

        await Expect(customers.AppBar.ThemeButton).ToHaveAccessibleNameAsync("Switch to dark theme");
        await customers.AppBar.ThemeButton.ClickAsync();
        await Expect(customers.AppBar.ThemeButton).ToHaveAccessibleNameAsync("Switch to light theme");

        var other = await new CustomerPage(browser.Page).GotoAsync(1551);
        await Expect(other.NotFoundHeading).ToBeVisibleAsync();
        await Expect(browser.Page.GetByText("Rapidity Locators Inc")).ToHaveCountAsync(0);
        await Expect(browser.Page.GetByText("118822/C")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Auditor_SeesEveryCustomerReadOnly_AndRapidityViewSeesItsOwnReadOnly() => JourneyAsync(async () =>
    {
        var (auditor, auditorCustomers) = await LogInAsync("auditor");
        await using (var api = JarvisApi.ForBrowser(auditor))
        {
            var everyone = await api.SearchCustomersAsync();
            Assert.True(everyone.Count >= 207, $"the auditor's API sees only {everyone.Count} customers");
            await Expect(auditorCustomers.Count(everyone.Count)).ToBeVisibleAsync();
        }

        var locators = await new CustomerPage(auditor.Page).GotoAsync(1551);
        await locators.ExpectCustomerAsync("Rapidity Locators Inc");
        await locators.ExpectReadOnlyAsync();
        await Expect(locators.Text("118822/C")).ToBeVisibleAsync();
        await Expect(locators.Text("Locator services")).ToBeVisibleAsync();

        var rapidityForAuditor = await new CustomerPage(auditor.Page).GotoAsync(3134);
        await rapidityForAuditor.ExpectCustomerAsync("Rapidity Inc");
        await rapidityForAuditor.ExpectReadOnlyAsync();
        await Expect(rapidityForAuditor.Text("430184/A")).ToBeVisibleAsync();

        var (viewer, viewerCustomers) = await LogInAsync("rapidity-view");
        await viewerCustomers.ExpectCustomersAsync("Harbour Freight Co", "Rapidity Inc", "Swift Couriers Ltd");
        var own = await viewerCustomers.OpenAsync("Rapidity Inc");
        await own.ExpectReadOnlyAsync();
        await Expect(own.Text("430184/A")).ToBeVisibleAsync();
        await Expect(viewer.Page.GetByText("0800134123")).ToBeVisibleAsync();
    });

    [Fact]
    public Task Guest_IsNotPermittedToLogIn_AndAWrongPasswordIsRefused() => JourneyAsync(async () =>
    {
        var browser = await OpenBrowserAsync("guest");
        var login = await new LoginPage(browser.Page).GotoAsync();

        await login.SubmitAsync("guest", "guest-demo");
        await login.ExpectShownAsync();
        await Expect(login.Alert).ToHaveTextAsync("User is not permitted to log in.");

        await login.SubmitAsync("su", "not-the-password");
        await login.ExpectShownAsync();
        await Expect(login.Alert).ToHaveTextAsync("Invalid username or password.");

        await browser.Page.GotoAsync("/customers");
        await login.ExpectShownAsync();
        Assert.DoesNotContain(await browser.Context.CookiesAsync(), cookie => cookie.Name == "N2FE_CGISESSID");
    });
}
