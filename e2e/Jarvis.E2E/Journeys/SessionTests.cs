using System.Text.Json;
using System.Text.RegularExpressions;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>Journeys 7 and 8: a session that ends, by logout or on the server, takes the customer data with it.</summary>
public sealed class SessionTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    private const string SessionCookie = "N2FE_CGISESSID";

    [Fact]
    public Task Su_LogsOut_ThenTheBackButtonShowsTheLoginPageAndNoCustomerData() => JourneyAsync(async () =>
    {
        var (browser, customers) = await LogInAsync("su");
        var page = browser.Page;
        await customers.SearchAsync("rapi");
        var customer = await customers.OpenAsync("Rapidity Inc");
        await Expect(customer.Reference).ToHaveValueAsync("430184/A");

        var login = await customer.AppBar.LogOutAsync();
        await Expect(login.LoggedOutStatus).ToBeVisibleAsync();
        Assert.DoesNotContain(await browser.Context.CookiesAsync(), cookie => cookie.Name == SessionCookie);

        var back = await page.GoBackAsync();
        await login.ExpectShownAsync();
        Assert.NotNull(back);
        Assert.Matches("/login\\?", back.Url);
        await Expect(page.GetByText("Rapidity Inc")).ToHaveCountAsync(0);
        await Expect(page.GetByText("430184/A")).ToHaveCountAsync(0);
        await Expect(customer.Reference).ToHaveCountAsync(0);
    });

    [Fact]
    public Task SessionExpiredOnTheServer_NextSearchKeystroke_EndsOnTheLoginPage() => JourneyAsync(async () =>
    {
        var (browser, customers) = await LogInAsync("su");
        await customers.SearchAsync("rapi");
        await customers.ExpectCustomersAsync("Rapidity Inc", "Rapidity Locators Inc");

        await Server.ExpireSessionAsync(await SessionIdAsync(browser));
        await customers.SearchBox.PressSequentiallyAsync("d");

        await new LoginPage(browser.Page).ExpectShownAsync();
        await Expect(browser.Page.GetByText("Rapidity Inc")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task SessionExpiredOnTheServer_Save_EndsOnTheLoginPageAndSavesNothing() => JourneyAsync(async () =>
    {
        var (browser, _) = await LogInAsync("su");
        var customer = await new CustomerPage(browser.Page).GotoAsync(3140);
        await customer.ExpectCustomerAsync("Swift Couriers Ltd");
        await customer.ExpectEditableAsync();

        await Server.ExpireSessionAsync(await SessionIdAsync(browser));
        await customer.EditAsync("EXPIRED-1", "Typed after the session ended");
        await customer.SaveButton.ClickAsync();

        var login = new LoginPage(browser.Page);
        await login.ExpectShownAsync();
        await Expect(customer.Saved).ToHaveCountAsync(0);
        await Expect(browser.Page).ToHaveURLAsync(new Regex("returnUrl=%2Fcustomers%2F3140"));

        await using var script = await OpenApiAsync();
        await script.LogInAsync("su");
        var stored = await script.GetCustomerAsync(3140);
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("customer_reference").ValueKind);
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("description").ValueKind);
    });

    private static async Task<string> SessionIdAsync(BrowserSession browser) =>
        (await browser.Context.CookiesAsync()).Single(cookie => cookie.Name == SessionCookie).Value;
}
