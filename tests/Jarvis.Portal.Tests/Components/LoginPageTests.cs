using Bunit;
using Jarvis.Core.Security;
using Jarvis.Portal.Components.Pages.Account;

namespace Jarvis.Portal.Tests.Components;

public sealed class LoginPageTests
{
    [Theory]
    [InlineData("invalid", LoginResult.InvalidCredentials)]
    [InlineData("not-permitted", LoginResult.NotPermitted)]
    [InlineData("locked", LoginResult.Locked)]
    public async Task ErrorCode_ShowsTheLoginResultTextAsAnAlert(string code, string message)
    {
        await using var host = await PortalTestHost.CreateAsync(null);
        host.NavigateTo($"/login?error={code}&returnUrl=%2Fcustomers%3Fq%3Dkiwi");

        var page = host.Context.Render<Login>();

        Assert.Equal(message, page.Find("[role=alert]").TextContent);
        Assert.Equal("/customers?q=kiwi", page.Find("input[name=returnUrl]").GetAttribute("value"));
    }

    [Fact]
    public async Task AfterLogout_SaysSo()
    {
        await using var host = await PortalTestHost.CreateAsync(null);
        host.NavigateTo("/login?loggedOut=1");

        var page = host.Context.Render<Login>();

        Assert.Equal("You have been logged out.", page.Find("[role=status]").TextContent);
        Assert.Empty(page.FindAll("[role=alert]"));
    }

    [Fact]
    public async Task Form_PostsUserPasswordReturnUrlAndAntiforgeryTokenToTheAccountEndpoint()
    {
        await using var host = await PortalTestHost.CreateAsync(null);
        host.NavigateTo("/login");

        var page = host.Context.Render<Login>();

        var form = page.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/login", form.GetAttribute("action"));
        Assert.Equal("Log in to Jarvis Portal", page.Find("h1").TextContent);
        Assert.Equal("username", page.Find("#" + page.Find("label:nth-of-type(1)").GetAttribute("for")).GetAttribute("name"));
        Assert.Equal("User name", page.Find("label[for=login-username]").TextContent);
        Assert.Equal("Password", page.Find("label[for=login-password]").TextContent);
        Assert.Equal("password", page.Find("#login-password").GetAttribute("type"));
        Assert.Equal("/customers", page.Find("input[name=returnUrl]").GetAttribute("value"));
        Assert.NotNull(page.Find("input[name=__RequestVerificationToken]"));
        Assert.Equal("Log in", page.Find("button[type=submit]").TextContent);
        Assert.Empty(page.FindAll("[role=alert]"));
    }

    [Fact]
    public async Task ForeignReturnUrl_IsReplacedByTheCustomersPage()
    {
        await using var host = await PortalTestHost.CreateAsync(null);
        host.NavigateTo("/login?returnUrl=" + Uri.EscapeDataString("//evil.example/phish"));

        var page = host.Context.Render<Login>();

        Assert.Equal("/customers", page.Find("input[name=returnUrl]").GetAttribute("value"));
    }
}
