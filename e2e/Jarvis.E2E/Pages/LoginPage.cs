using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Pages;

/// <summary><c>/login</c>: a static server-rendered form that posts to <c>/account/login</c>.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Log in to Jarvis Portal", Level = 1 });

    public ILocator UserName => page.GetByLabel("User name", new() { Exact = true });

    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });

    public ILocator LogInButton => page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true });

    /// <summary>The login form's own alert: Blazor's error bar is an alert too (hidden by CSS that may not have applied yet).</summary>
    public ILocator Alert => page.GetByRole(AriaRole.Alert).And(page.Locator(".login-message"));

    public ILocator LoggedOutStatus => page.GetByText("You have been logged out.");

    public async Task<LoginPage> GotoAsync()
    {
        await page.GotoAsync("/login");
        await ExpectShownAsync();
        return this;
    }

    public async Task ExpectShownAsync()
    {
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login(\\?|$)"));
        await Expect(Heading).ToBeVisibleAsync();
    }

    /// <summary>Fills in the form and submits it; the browser follows the redirect the server answers with.</summary>
    public async Task SubmitAsync(string username, string password)
    {
        await UserName.FillAsync(username);
        await Password.FillAsync(password);
        await LogInButton.ClickAsync();
    }

    /// <summary>Logs in with the demo password and waits until the customer search is usable.</summary>
    public async Task<CustomersPage> LogInAsync(string username)
    {
        await SubmitAsync(username, $"{username}-demo");
        var customers = new CustomersPage(page);
        await customers.ExpectShownAsync();
        return customers;
    }
}
