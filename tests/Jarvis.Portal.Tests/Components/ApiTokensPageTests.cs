using Bunit;
using Jarvis.Core.Security;
using Jarvis.Portal.Components.Layout;
using Jarvis.Portal.Components.Pages.Account;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Jarvis.Portal.Tests.Components;

/// <summary>The "API tokens" page (API.md section 10): make one and see it once, list your own with last use, revoke.</summary>
public sealed class ApiTokensPageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static ApiTokenStore Store(PortalTestHost host) => host.Context.Services.GetRequiredService<ApiTokenStore>();

    private static async Task<IRenderedComponent<ApiTokens>> RenderAsync(PortalTestHost host)
    {
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var page = host.Context.Render<ApiTokens>();
        page.WaitForAssertion(() => Assert.DoesNotContain("Loading your tokens", page.Markup), Wait);
        return await Task.FromResult(page);
    }

    [Fact]
    public async Task Make_ShowsTheTokenOnceWithACopyButton_ReadOnlyAndNinetyDaysByDefault_AndListsIt()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity");
        var page = await RenderAsync(host);
        Assert.Contains("You have no API tokens.", page.Markup);

        page.Find("input#token-name").Input("nightly-sync");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".jarvis-new-token")), Wait);
        var token = page.Find("input#new-token").GetAttribute("value")!;
        Assert.Matches("^jrv_[A-Za-z0-9_-]{43}$", token);
        Assert.Contains("it is shown only this once", page.Markup);
        var user = Assert.IsType<TokenCheck.Accepted>(await Store(host).CheckAsync(token, "192.0.2.1")).User;
        Assert.Equal(("rapidity", "nightly-sync", true), (user.Username, user.TokenName, user.TokenReadOnly));
        var info = Assert.Single(await Store(host).ListAsync(3));
        Assert.Equal(TimeSpan.FromDays(90), info.ExpiresAt - info.CreatedAt);
        page.WaitForAssertion(() => Assert.Equal("nightly-sync", page.Find("tr.jarvis-token-row").GetAttribute("data-token")), Wait);
        Assert.Contains("read only", page.Find("tr.jarvis-token-row").TextContent);
        Assert.Equal("active", page.Find("td.jarvis-token-state").TextContent.Trim());

        await page.Find("button.jarvis-copy-token").ClickAsync(new());
        Assert.Equal(token, host.Context.JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments[0]);
        page.WaitForAssertion(() => Assert.Contains("Copied to the clipboard.", page.Markup), Wait);

        page.FindAll("button").Single(b => b.TextContent.Trim() == "I have copied it").Click();

        Assert.DoesNotContain(token, page.Markup);
        Assert.Empty(page.FindAll(".jarvis-new-token"));
    }

    [Fact]
    public async Task Make_ReadAndWriteNeverExpiring_IsStoredSo()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host);

        page.Find("input#token-name").Input("deploy");
        page.Find(".jarvis-token-read-only input").Change(false);
        var expiry = page.FindComponent<MudBlazor.MudSelect<int>>();
        Assert.Contains("in 90 days", expiry.Markup);
        await page.InvokeAsync(() => expiry.Instance.ValueChanged.InvokeAsync(0)); // "never"
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".jarvis-new-token")), Wait);
        var info = Assert.Single(await Store(host).ListAsync(1));
        Assert.Equal(("deploy", false, (DateTimeOffset?)null), (info.Name, info.ReadOnly, info.ExpiresAt));
    }

    [Theory]
    [InlineData("", ApiTokenStore.BadName)]
    [InlineData(" padded", ApiTokenStore.BadName)]
    public async Task Make_BadName_ShowsTheRefusalAtTheField_AndStoresNothing(string name, string message)
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host);

        page.Find("input#token-name").Input(name);
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains(message, page.Markup), Wait);
        Assert.Empty(page.FindAll(".jarvis-new-token"));
        Assert.Empty(await Store(host).ListAsync(1));
    }

    [Fact]
    public async Task Make_NameOfALiveToken_IsRefused()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        await Store(host).CreateAsync(1, "ci", false, null);
        var page = await RenderAsync(host);

        page.Find("input#token-name").Input("ci");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains(ApiTokenStore.DuplicateName("ci"), page.Markup), Wait);
        Assert.Single(await Store(host).ListAsync(1));
    }

    [Fact]
    public async Task List_ShowsOnlyTheUsersOwnTokens_WithLastUse()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var used = Assert.IsType<ApiTokenResult.Created>(await Store(host).CreateAsync(1, "used", false, 30)).Token;
        await Store(host).CreateAsync(1, "unused", true, null);
        await Store(host).CreateAsync(3, "rapidity-secret", false, null);
        await Store(host).CheckAsync(used, "192.0.2.1");

        var page = await RenderAsync(host);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.jarvis-token-row").Count), Wait);
        Assert.Equal(["unused", "used"], page.FindAll("tr.jarvis-token-row").Select(r => r.GetAttribute("data-token")));
        Assert.DoesNotContain("rapidity-secret", page.Markup);
        var cells = page.FindAll("tr.jarvis-token-row")[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("read and write", cells[1]);
        page.WaitForAssertion(() => Assert.Matches(@"\d", page.FindAll("tr.jarvis-token-row")[1].QuerySelectorAll("td")[4].TextContent), Wait);
        Assert.Equal("never", page.FindAll("tr.jarvis-token-row")[0].QuerySelectorAll("td")[4].TextContent.Trim());
    }

    [Fact]
    public async Task Revoke_AfterConfirming_StopsTheTokenAtOnce_AndCancelKeepsIt()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var token = Assert.IsType<ApiTokenResult.Created>(await Store(host).CreateAsync(1, "ci", false, null)).Token;
        var page = await RenderAsync(host);
        var dialogs = host.Dialogs!;

        page.WaitForAssertion(() => Assert.Single(page.FindAll("button.jarvis-revoke-token")), Wait);
        page.Find("button.jarvis-revoke-token").Click(); // its handler waits for the dialog
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke \"ci\"?", dialogs.Markup), Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.IsType<TokenCheck.Accepted>(await Store(host).CheckAsync(token, "192.0.2.1"));

        page.Find("button.jarvis-revoke-token").Click(); // its handler waits for the dialog
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke \"ci\"?", dialogs.Markup), Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        page.WaitForAssertion(() => Assert.Equal("revoked", page.Find("td.jarvis-token-state").TextContent.Trim()), Wait);
        Assert.Empty(page.FindAll("button.jarvis-revoke-token"));
        Assert.IsType<TokenCheck.Refused>(await Store(host).CheckAsync(token, "192.0.2.1"));
    }

    [Fact]
    public async Task SessionExpired_SendsToTheLogin_AndMakesNothing()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host);

        host.User.Expire();
        page.Find("input#token-name").Input("late");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.StartsWith("/login", host.CurrentUrl), Wait);
        Assert.Empty(await Store(host).ListAsync(1));
    }

    [Fact]
    public async Task DatabaseDown_SaysSo_InsteadOfFailing()
    {
        await using var host = PortalTestHost.CreateWithDatabaseDown("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");

        var page = host.Context.Render<ApiTokens>();

        page.WaitForAssertion(() => Assert.Contains("Your tokens cannot be read right now", page.Markup), Wait);
    }

    [Fact]
    public async Task Layout_LinksToTheTokensPage_InTheAppBarAndTheNarrowUserMenu()
    {
        await using var host = await PortalTestHost.CreateAsync("su", renderProviders: false);

        var layout = host.Context.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        Assert.Equal("/account/tokens", layout.Find("a[aria-label='API tokens']").GetAttribute("href"));
        layout.Find("button[aria-label='Groups of su: ACS_BOSS, CCS Superuser']").Click();
        layout.WaitForAssertion(() => Assert.Equal("/account/tokens", layout.Find(".jarvis-user-menu-tokens").GetAttribute("href")), Wait);
    }
}
