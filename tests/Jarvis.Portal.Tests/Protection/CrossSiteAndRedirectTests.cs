using System.Net;
using Jarvis.Portal.Security;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Protection;

/// <summary>Login CSRF, open redirects and 500s from returnUrl (API.md section 6).</summary>
public sealed class CrossSiteAndRedirectTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    private const string Refused = """{"logged_in":0,"username":"","error_string":"Cross-site login refused.","group_list":""}""";

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Origin", "http://localhost:8080")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task Login_AutoSubmittedFromAnotherSite_Refused403WithoutASession(string header, string value)
    {
        using var response = await Logins.PostAsync(shared.Client, "auditor", "auditor-demo", headers: new Dictionary<string, string> { [header] = value });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(Logins.SetsSessionCookie(response));
        Api.Json.Equal(Refused, (await ApiClient.ReadAsync(response)).Json);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Origin", "http://localhost")]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    public async Task Login_FromAScriptOrThePortalsOwnPage_Succeeds(string? header, string? value)
    {
        var headers = header is null ? null : new Dictionary<string, string> { [header] = value! };

        using var response = await Logins.PostAsync(shared.Client, "auditor", "auditor-demo", headers: headers);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Logins.SetsSessionCookie(response));
    }

    [Fact]
    public async Task LoginForm_PostedFromAnotherSite_Refused403WithoutASession()
    {
        using var browser = Logins.BrowserClient(shared.Factory);

        using var response = await Logins.PostFormAsync(browser, "auditor", "auditor-demo", headers: new Dictionary<string, string>
        {
            ["Origin"] = "https://evil.example",
            ["Sec-Fetch-Site"] = "cross-site",
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(Logins.SetsSessionCookie(response));
        Assert.Equal(CrossSiteLogin.Refused, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/%09/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/%2F/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/customers\u200B")]
    [InlineData("/customers%E2%80%8B")]
    [InlineData("/customers%0D%0ASet-Cookie:%20x=1")]
    [InlineData("/customers\r\nSet-Cookie: x=1")]
    [InlineData("/ customers")]
    [InlineData("/customers%2509")]
    [InlineData("/customers?q=rapi%20inc")]
    [InlineData("customers")]
    [InlineData("")]
    public async Task LoginForm_ReturnUrlNotAPlainPathHere_GoesToCustomers(string returnUrl)
    {
        using var browser = Logins.BrowserClient(shared.Factory);

        using var response = await Logins.PostFormAsync(browser, "auditor", "auditor-demo", returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/customers", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/customers/3134", "/customers/3134")]
    [InlineData("/customers?q=rapi", "/customers?q=rapi")]
    [InlineData("/customers?q=Zürich", "/customers?q=Z%C3%BCrich")]
    public async Task LoginForm_ReturnUrlAPathHere_IsFollowedAsARelativeLocation(string returnUrl, string location)
    {
        using var browser = Logins.BrowserClient(shared.Factory);

        using var response = await Logins.PostFormAsync(browser, "auditor", "auditor-demo", returnUrl);

        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("%2F%09%2Fevil.example")]
    [InlineData("%2Fcustomers%E2%80%8B")]
    [InlineData("%2Fcustomers%0D%0A")]
    [InlineData("%0D%0A")]
    [InlineData("%ED%A0%80")]
    public async Task LoginPage_AnyReturnUrl_RendersWithCustomersAsTheTarget(string encodedReturnUrl)
    {
        using var browser = Logins.BrowserClient(shared.Factory);

        using var response = await browser.GetAsync($"/login?returnUrl={encodedReturnUrl}");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"returnUrl\" value=\"/customers\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomePage_WithAForeignHostHeader_RedirectsRelativelyWithoutEchoingTheHost()
    {
        using var browser = Logins.BrowserClient(shared.Factory);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "evil.example";

        using var response = await browser.SendAsync(request);

        Assert.True((int)response.StatusCode is >= 300 and < 400, $"status {response.StatusCode}");
        Assert.Equal("/customers", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnyPage_WithoutSession_RedirectsToLoginRelatively()
    {
        using var browser = Logins.BrowserClient(shared.Factory);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/customers/3134");
        request.Headers.Host = "evil.example";

        using var response = await browser.SendAsync(request);

        Assert.StartsWith("/login?returnUrl=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/customers", true)]
    [InlineData("/", true)]
    [InlineData("/customers/3134?x=%2F", true)]
    [InlineData("/\t/evil.example", false)]
    [InlineData("/%252509", false)]
    [InlineData("/\u2028", false)]
    [InlineData("/\u00A0", false)]
    [InlineData("/\uFEFF", false)]
    [InlineData(null, false)]
    public void ReturnUrl_Rules(string? url, bool local) => Assert.Equal(local, ReturnUrl.IsLocal(url));

    [Fact]
    public void ReturnUrl_WithALoneSurrogate_IsNotLocal() => Assert.False(ReturnUrl.IsLocal("/customers" + (char)0xD800));
}
