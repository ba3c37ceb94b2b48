using System.Net;
using System.Text;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Protection;

/// <summary>Response headers and size limits (API.md section 6).</summary>
public sealed class HeadersAndSizesTests(SharedPortal shared) : IClassFixture<SharedPortal>
{
    [Theory]
    [InlineData("/login")]
    [InlineData("/customers")]
    [InlineData("/api/customer/3134")]
    [InlineData("/__status")]
    [InlineData("/jarvis-agent/n2fe/api/customer")]
    [InlineData("/app.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheProtectiveHeadersAndNoServer(string path)
    {
        using var response = await shared.Client.GetAsync(path, sid: null);

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Single(response, "Referrer-Policy"));
        var csp = Single(response, "Content-Security-Policy");
        foreach (var directive in new[] { "default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'" })
        {
            Assert.Contains(directive, csp, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/customers/3134")]
    [InlineData("/api/customer/3134")]
    [InlineData("/api/customer?name=rapi")]
    [InlineData("/__status")]
    public async Task EveryApiAnswerAndPage_IsNotStored(string path)
    {
        var sid = await shared.SessionOf("su");

        using var response = await shared.Client.GetAsync(path, sid);

        Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: Cache-Control {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task Login_SessionIdInTheAnswer_IsNotStored()
    {
        using var response = await Logins.PostAsync(shared.Client, "auditor", "auditor-demo");

        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Page_ImportMapCarriesTheNonceTheCspAllows()
    {
        using var response = await shared.Client.GetAsync("/login", sid: null);
        var page = await response.Content.ReadAsStringAsync();

        var nonce = Single(response, "Content-Security-Policy").Split("'nonce-")[1].Split('\'')[0];
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_BodyOver16KiB_Answers413WithTheStatusObject()
    {
        var body = "username=su&password=su-demo&padding=" + new string('x', 20 * 1024);

        using var response = await shared.Client.Http.PostAsync("/__login", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Api.Json.Equal("""{"logged_in":0,"username":"","error_string":"The login request body is too large: it may hold at most 16 KiB.","group_list":""}""", json);
    }

    [Fact]
    public async Task Login_ChunkedJsonBodyOver16KiB_Answers413()
    {
        var json = $$"""{"username":"su","password":"su-demo","padding":"{{new string('x', 20 * 1024)}}"}""";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");

        using var response = await shared.Client.Http.PostAsync("/__login", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Search_With10000CharacterTerm_Answers414WithTheRefusalEnvelope()
    {
        var sid = await shared.SessionOf("su");

        var (status, json) = await shared.Client.GetJsonAsync($"/api/customer?name={new string('a', 10_000)}", sid);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, status);
        Api.Json.Equal("""{"message":"The request line is too long: the address may hold at most 8 KiB.","success":0,"group_list":"","logged_in":"0","error_string":"","username":""}""", json);
    }

    [Fact]
    public async Task ApiRequest_WithHeadersOver32KiB_Answers431WithTheRefusalEnvelope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/customer/3134");
        for (var i = 0; i < 5; i++)
        {
            request.Headers.Add($"X-Filler-{i}", new string('y', 8 * 1024));
        }

        var (status, json) = await ApiClient.ReadAsync(await shared.Client.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, status);
        Assert.Equal("The request headers are too large: they may hold at most 32 KiB.", json["message"]!.GetValue<string>());
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values
            : response.Content.Headers.TryGetValues(header, out var contentValues) ? contentValues : []);
}
