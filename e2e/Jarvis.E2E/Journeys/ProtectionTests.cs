using System.Text.RegularExpressions;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// The portal under its Content-Security-Policy (API.md section 6): every page, the circuit, MudBlazor and the
/// reconnect UI run without one violation (JourneyAsync fails on any console error, and BrowserSession turns every
/// violation into one).
/// </summary>
public sealed class ContentSecurityPolicyTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    [Fact]
    public Task EveryPage_RunsUnderTheCspWithoutAViolation() => JourneyAsync(async () =>
    {
        var browser = await OpenBrowserAsync("su");
        var login = new LoginPage(browser.Page);
        var loginResponse = await browser.Page.GotoAsync("/login");
        await login.ExpectShownAsync();
        Assert.Contains("default-src 'self'", await loginResponse!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);

        var customers = await login.LogInAsync("su");
        await customers.SearchAsync("rapi");
        await Expect(customers.Count(2)).ToBeVisibleAsync();

        var customer = new CustomerPage(browser.Page);
        await customer.GotoAsync(3134);
        await customer.ExpectEditableAsync();

        // The reconnect dialog as blazor.web.js shows it when the connection drops (the class it sets), and its
        // Reload button, whose handler lives in ReconnectModal.razor.js since the CSP allows no inline handlers.
        await customers.GotoAsync();
        await browser.Page.EvaluateAsync("() => document.getElementById('components-reconnect-modal').classList.add('components-reconnect-failed')");
        var dialog = browser.Page.GetByRole(AriaRole.Alertdialog, new() { Name = "Connection to Jarvis Portal lost" });
        await Expect(dialog).ToBeVisibleAsync();
        await browser.Page.RunAndWaitForResponseAsync(
            () => dialog.GetByRole(AriaRole.Button, new() { Name = "Reload page" }).ClickAsync(),
            r => r.Url.EndsWith("/customers", StringComparison.Ordinal) && r.Request.IsNavigationRequest);
        await Expect(dialog).ToBeHiddenAsync();
        await customers.ExpectShownAsync();

        await customers.AppBar.LogOutAsync();
        await login.ExpectShownAsync();
    });

    [Fact]
    public async Task AnInlineScript_IsBlockedAndReportedOnTheConsole()
    {
        await using var browser = await BrowserSession.OpenAsync(Chromium.Browser, Server.BaseUrl, "probe");
        await browser.Page.GotoAsync("/login");
        await new LoginPage(browser.Page).ExpectShownAsync();

        await browser.Page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.append(s); }");

        Assert.Null(await browser.Page.EvaluateAsync<int?>("() => window.injected"));
        await Expect(browser.Page.Locator("body")).ToBeVisibleAsync();
        Assert.Contains(browser.Errors, e => e.Contains("CSP violation: script-src", StringComparison.Ordinal));
    }
}

/// <summary>A portal whose login lock lasts 20 seconds, so a journey can wait it out.</summary>
public sealed class ShortLockPortalServer : PortalServer
{
    // Long enough that a loaded machine still submits the sixth try inside it; short enough to wait out.
    public static readonly TimeSpan Lock = TimeSpan.FromSeconds(20);

    protected override void AddSettings(IDictionary<string, string?> settings) =>
        settings["Jarvis:LoginThrottle:LockDuration"] = Lock.ToString();
}

/// <summary>Password guessing through the portal's login form (API.md section 6), on a short configured lock.</summary>
public sealed class LoginLockTests(ChromiumFixture chromium, ShortLockPortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output), IClassFixture<ShortLockPortalServer>
{
    [Fact]
    public Task WrongPasswordsLockTheForm_AndAfterTheLockTheRightOneLogsIn() => JourneyAsync(async () =>
    {
        var browser = await OpenBrowserAsync("rapidity");
        var login = await new LoginPage(browser.Page).GotoAsync();
        for (var i = 0; i < 5; i++)
        {
            await login.SubmitAsync("rapidity", $"guess-{i}");
            await Expect(login.Alert).ToHaveTextAsync("Invalid username or password.");
        }

        var locked = await browser.Page.RunAndWaitForResponseAsync(
            () => login.SubmitAsync("rapidity", "rapidity-demo"), r => r.Url.EndsWith("/account/login", StringComparison.Ordinal));
        Assert.Equal(429, locked.Status);
        await Expect(login.Alert).ToHaveTextAsync("Too many failed logins. Try again in 1 minutes.");

        await Task.Delay(ShortLockPortalServer.Lock);
        await Expect(login.UserName).ToBeEditableAsync();
        await login.SubmitAsync("rapidity", "rapidity-demo");

        await new CustomersPage(browser.Page).ExpectShownAsync();
        await Expect(browser.Page).ToHaveURLAsync(new Regex("/customers"));
    }, error => error.Contains("the server responded with a status of 429", StringComparison.Ordinal));
}
