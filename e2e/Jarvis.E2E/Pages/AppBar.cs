using Jarvis.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Jarvis.E2E.Pages;

/// <summary>The bar on every logged-in page: who is logged in, the API reference, the theme switch and "Log out".</summary>
public sealed class AppBar(IPage page)
{
    public ILocator LogOutButton => page.GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true });

    public ILocator ApiReferenceLink => page.GetByRole(AriaRole.Link, new() { Name = "API reference", Exact = true });

    public ILocator ThemeButton => page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Switch to (dark|light) theme$") });

    public ILocator Text(string text) => page.GetByText(text, new() { Exact = true });

    /// <summary>The page's circuit is up: the theme switch, on every logged-in page, takes clicks.</summary>
    public Task WaitUntilInteractiveAsync() => BlazorCircuit.WaitUntilInteractiveAsync(ThemeButton);

    /// <summary>Clicks "Log out" and waits for the login page the server redirects to.</summary>
    public async Task<LoginPage> LogOutAsync()
    {
        await LogOutButton.ClickAsync();
        var login = new LoginPage(page);
        await login.ExpectShownAsync();
        return login;
    }
}
