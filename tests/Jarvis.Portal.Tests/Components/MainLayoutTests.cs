using Bunit;
using Jarvis.Portal.Components.Layout;
using Microsoft.AspNetCore.Components;

namespace Jarvis.Portal.Tests.Components;

public sealed class MainLayoutTests
{
    [Fact]
    public async Task AppBar_ShowsUserNameGroupsAndALogoutFormPost()
    {
        await using var host = await PortalTestHost.CreateAsync("su", renderProviders: false);

        var layout = RenderLayout(host);

        Assert.Equal("su", layout.Find(".jarvis-user-name").TextContent);
        Assert.Equal("ACS_BOSS,CCS Superuser", layout.Find(".jarvis-user-groups").TextContent);
        var form = layout.Find("form.jarvis-logout");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/logout", form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal("Log out", form.QuerySelector("button[type=submit]")!.TextContent.Trim());
        Assert.Contains("page body", layout.Markup);
    }

    [Fact]
    public async Task NarrowScreen_GroupButtonIsNamedWithTheGroups_AndListsThemWhenOpened()
    {
        await using var host = await PortalTestHost.CreateAsync("su", renderProviders: false);
        var layout = RenderLayout(host);

        var button = layout.Find("button[aria-label='Groups of su: ACS_BOSS, CCS Superuser']");
        Assert.Contains("d-md-none", layout.Find(".jarvis-user-menu").ClassName);
        Assert.Contains("d-none d-md-inline", layout.Find(".jarvis-user-groups").ClassName);
        Assert.Empty(layout.FindAll(".jarvis-user-menu-group"));

        button.Click();

        layout.WaitForAssertion(
            () => Assert.Equal(["ACS_BOSS", "CCS Superuser"], layout.FindAll(".jarvis-user-menu-group").Select(g => g.TextContent.Trim())),
            TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ThemeButton_SwitchesBetweenLightAndDarkAndSaysWhatItWillDo()
    {
        await using var host = await PortalTestHost.CreateAsync("auditor", renderProviders: false);
        var layout = RenderLayout(host);

        layout.Find("button[aria-label='Switch to dark theme']").Click();

        Assert.Contains("jarvis-dark", layout.Find(".jarvis-app").ClassName);
        layout.Find("button[aria-label='Switch to light theme']").Click();
        Assert.DoesNotContain("jarvis-dark", layout.Find(".jarvis-app").ClassName);
        Assert.NotNull(layout.Find("button[aria-label='Switch to dark theme']"));
    }

    [Fact]
    public async Task ExpiredSession_ShowsNoUserAndALoginLinkInsteadOfLogout()
    {
        await using var host = await PortalTestHost.CreateAsync("su", renderProviders: false);
        host.User.Expire();

        var layout = RenderLayout(host);

        Assert.Empty(layout.FindAll(".jarvis-user"));
        Assert.Empty(layout.FindAll("form.jarvis-logout"));
        Assert.Equal("/login", layout.FindAll("a").Single(a => a.TextContent.Trim() == "Log in").GetAttribute("href"));
    }

    private static IRenderedComponent<MainLayout> RenderLayout(PortalTestHost host) =>
        host.Context.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
}
