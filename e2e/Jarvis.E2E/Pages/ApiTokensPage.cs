using Jarvis.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Pages;

/// <summary>The "API tokens" page (/account/tokens): make a token, read it once, revoke one.</summary>
public sealed class ApiTokensPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "API tokens", Level = 1 });

    public ILocator Name => page.Locator("#token-name");

    public ILocator ReadOnly => page.GetByRole(AriaRole.Checkbox, new() { Name = "Read only (search and read; every change is refused)" });

    public ILocator MakeButton => page.GetByRole(AriaRole.Button, new() { Name = "Make token" });

    public ILocator NewToken => page.Locator("#new-token");

    public ILocator Rows => page.Locator("tr.jarvis-token-row");

    public ILocator StateOf(string name) => page.Locator($"tr.jarvis-token-row[data-token='{name}'] td.jarvis-token-state");

    public async Task<ApiTokensPage> GotoAsync()
    {
        await page.GotoAsync("/account/tokens");
        await Expect(Heading).ToBeVisibleAsync();
        await BlazorCircuit.WaitUntilInteractiveAsync(Name);
        return this;
    }

    /// <summary>Makes a token and returns it, as the page shows it once.</summary>
    public async Task<string> MakeAsync(string name, bool readOnly)
    {
        await Name.FillAsync(name);
        if (await ReadOnly.IsCheckedAsync() != readOnly)
        {
            await ReadOnly.ClickAsync();
        }

        await MakeButton.ClickAsync();
        await Expect(NewToken).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^jrv_"));
        return await NewToken.InputValueAsync();
    }

    public async Task RevokeAsync(string name)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke {name}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"Revoke \"{name}\"?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(StateOf(name)).ToHaveTextAsync("revoked");
    }
}
