using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Jarvis.Testing;

namespace Jarvis.Portal.Tests.Components;

/// <summary>The whole portal host on a temp SQLite file with the demo data, for page-level HTTP tests.</summary>
public sealed class PortalPagesFactory : WebApplicationFactory<Program>
{
    private readonly TempFolder _folder = new("jarvis-portal-page-tests");

    /// <summary>The folder of the database file; moving it away takes the database down.</summary>
    public string Folder => _folder.Path;

    /// <summary>The host environment; outside Development nothing is seeded.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Off: every request opens the file anew, so a database that went away is noticed at once.</summary>
    public bool Pooling { get; init; } = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("ConnectionStrings:Jarvis", $"Data Source={_folder.PathOf("jarvis.db")};Default Timeout=1;Pooling={Pooling}");
        // Demo data only in Development: elsewhere demo passwords stop the start (API.md section 6).
        builder.UseSetting("Jarvis:Database:SeedDemoData", Environment == "Development" ? "true" : "false");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}

public sealed partial class PortalPagesHttpTests(PortalPagesFactory factory) : IClassFixture<PortalPagesFactory>
{
    [Fact]
    public async Task CustomersPage_WithoutSession_RedirectsToLoginWithTheReturnAddress()
    {
        using var client = NewClient();

        var response = await client.GetAsync("/customers?q=rapi");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fcustomers%3Fq%3Drapi", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LoginForm_WithRightPassword_SetsTheSessionCookieAndReturnsToTheAskedPage()
    {
        using var client = NewClient();

        var response = await PostLoginAsync(client, "su", "su-demo", "/customers?q=kiwi");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/customers?q=kiwi", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("N2FE_CGISESSID=", StringComparison.Ordinal));
        var page = await client.GetStringAsync("/customers?q=kiwi");
        Assert.Contains("ACS_BOSS,CCS Superuser", page);
        Assert.Contains(">Customers</h1>", page);
    }

    [Theory]
    [InlineData("su", "wrong", "invalid")]
    [InlineData("nobody", "nobody-demo", "invalid")]
    [InlineData("guest", "guest-demo", "not-permitted")]
    public async Task LoginForm_Refused_ReturnsToTheLoginPageWithTheReason(string user, string password, string error)
    {
        using var client = NewClient();

        var response = await PostLoginAsync(client, user, password, "/customers/3134");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/login?error={error}&returnUrl=%2Fcustomers%2F3134", response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith("N2FE_CGISESSID=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task LoginForm_WithoutAntiforgeryToken_IsRefusedAndLogsNobodyIn()
    {
        using var client = NewClient();

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "su",
            ["password"] = "su-demo",
            ["returnUrl"] = "/customers",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?error=expired&returnUrl=%2Fcustomers", response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("N2FE_CGISESSID=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task LoginForm_ForeignReturnAddress_GoesToCustomersInstead()
    {
        using var client = NewClient();

        var response = await PostLoginAsync(client, "su", "su-demo", "https://evil.example/");

        Assert.Equal("/customers", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LogoutForm_EndsTheSessionAndSaysSo()
    {
        using var client = NewClient();
        await PostLoginAsync(client, "auditor", "auditor-demo", "/customers");
        var page = await client.GetStringAsync("/customers");

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenIn(page),
        }));

        Assert.Equal("/login?loggedOut=1", response.Headers.Location!.OriginalString);
        var afterwards = await client.GetAsync("/customers");
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("You have been logged out.", await client.GetStringAsync("/login?loggedOut=1"));
    }

    [Fact]
    public async Task Root_RedirectsToCustomers()
    {
        using var client = NewClient();
        await PostLoginAsync(client, "su", "su-demo", "/customers");

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/customers", response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownPage_Is404WithThePortalsNotFoundPage_ButApiPathsKeepTheirOwnAnswer()
    {
        using var client = NewClient();

        var page = await client.GetAsync("/no/such/page");
        var api = await client.GetAsync("/api/no-such-endpoint");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Page not found", await page.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Page not found", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LoginPage_LinksStylesThatAreServedWithContent()
    {
        using var client = NewClient();
        var page = await client.GetStringAsync("/login");

        foreach (var href in StylesheetHref().Matches(page).Select(m => m.Groups[1].Value))
        {
            var css = await client.GetAsync("/" + href.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.True((await css.Content.ReadAsByteArrayAsync()).Length > 1000, $"{href} is empty");
        }

        // MudBlazor, app.css and the components' scoped rules (Jarvis.Portal.styles.css).
        Assert.Equal(3, StylesheetHref().Matches(page).Count);
    }

    [Fact]
    public async Task DatabaseDown_PageAnswers503WithRetryInsteadOfTheLoginPage_AndWorksAgainOnceItIsBack()
    {
        await using var down = new PortalPagesFactory { Pooling = false };
        using var client = down.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await PostLoginAsync(client, "su", "su-demo", "/customers");
        var moved = down.Folder + "-moved";

        Directory.Move(down.Folder, moved);
        HttpResponseMessage during;
        try
        {
            during = await client.GetAsync("/customers?q=rapi");
        }
        finally
        {
            Directory.Move(moved, down.Folder);
        }

        var html = await during.Content.ReadAsStringAsync();
        Assert.True(during.StatusCode == HttpStatusCode.ServiceUnavailable, html[..Math.Min(3000, html.Length)]);
        Assert.Contains("The customer database cannot be reached", html);
        Assert.Contains("href=\"/customers?q=rapi\">Retry</a>", html);
        var after = await client.GetAsync("/customers?q=rapi");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Production_ServesMudBlazorsStylesAndScriptWithContent()
    {
        await using var production = new PortalPagesFactory { Environment = "Production" };
        using var client = production.CreateClient();

        var css = await client.GetByteArrayAsync("/_content/MudBlazor/MudBlazor.min.css");
        var js = await client.GetByteArrayAsync("/_content/MudBlazor/MudBlazor.min.js");

        Assert.True(css.Length > 100_000, $"MudBlazor.min.css has {css.Length} bytes");
        Assert.True(js.Length > 10_000, $"MudBlazor.min.js has {js.Length} bytes");
    }

    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password, string returnUrl)
    {
        var form = await client.GetStringAsync("/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenIn(form),
            ["username"] = user,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    private static string TokenIn(string html) =>
        WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<link href=\"([^\"]+\\.css)\" rel=\"stylesheet\"")]
    private static partial Regex StylesheetHref();
}
