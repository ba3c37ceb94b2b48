using System.Net;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Components;

/// <summary>
/// One error page: a database failure on a page is answered with Error.razor in the whole App (API.md section 5: no
/// 500 page, no stack trace), saying what happened, with Retry to the same address.
/// </summary>
public sealed class ErrorPageTests
{
    [Fact]
    public async Task PageRequest_DatabaseRefusesTheSessionLookup_Answers502WithTheErrorPageAndRetry()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        portal.Database.Execute("DROP TABLE JARVIS_SESSION");

        using var response = await portal.Client.SendAsync(HttpMethod.Get, "/customers?q=rapi", sid);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Contains("<title>Unavailable · Jarvis Portal</title>", html, StringComparison.Ordinal);
        // The layout's element carries its CSS scope attribute; the page's own markup follows it.
        Assert.Matches("<div class=\"login-page\"[^>]*><main class=\"login-shell\"><section class=\"login-card\" role=\"alert\"><h1>The customer database refused the request</h1>", html.Replace("\n", "").Replace("    ", ""));
        Assert.Contains("<a class=\"login-submit\" href=\"/customers?q=rapi\">Retry</a>", html, StringComparison.Ordinal);
        // Static: no component of it starts a circuit.
        Assert.DoesNotContain("Blazor:{\"type\":\"server\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorAddress_ShowsTheUnexpectedFailure()
    {
        await using var portal = FreshPortal.Start();

        using var response = await portal.Client.SendAsync(HttpMethod.Get, "/error", null);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<title>Error · Jarvis Portal</title>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Something went wrong</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"login-submit\" href=\"/customers\">Try again</a>", html, StringComparison.Ordinal);
        Assert.Contains("<section class=\"login-card\">", html, StringComparison.Ordinal);
    }
}
