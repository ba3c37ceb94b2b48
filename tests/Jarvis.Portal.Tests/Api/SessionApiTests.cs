using System.Net;
using System.Text;

namespace Jarvis.Portal.Tests.Api;

/// <summary>Login, status, logout and the 401 of API.md section 2, over both bases.</summary>
public sealed class SessionApiTests(SharedPortal portal) : IClassFixture<SharedPortal>
{
    private const string LoginRequired = """{"logged_in":0,"username":"","error_string":"Login required.","group_list":""}""";

    public static TheoryData<string, string> ApiRequests()
    {
        var data = new TheoryData<string, string>();
        foreach (var basePath in new[] { "", "/jarvis-agent/n2fe" })
        {
            data.Add("GET", $"{basePath}/api/customer");
            data.Add("GET", $"{basePath}/api/customer?name=rapi");
            data.Add("GET", $"{basePath}/api/customer/3134");
            data.Add("GET", $"{basePath}/api/customer/abc");
            data.Add("PUT", $"{basePath}/api/customer/3134");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ApiRequests))]
    public async Task ApiRequest_WithoutSession_Returns401StatusObjectAndNoRedirect(string method, string path)
    {
        foreach (var sid in new[] { null, "0123456789abcdef0123456789abcdef", "not-a-session", "" })
        {
            using var response = await portal.Client.SendAsync(new HttpMethod(method), path, sid, ApiClient.Body("{}", "application/json"));

            Assert.Null(response.Headers.Location);
            var (status, json) = await ApiClient.ReadAsync(response);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Json.Equal(LoginRequired, json);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("/jarvis-agent/n2fe")]
    public async Task Login_Form_ReturnsStatusObjectAndCookieThatOpensTheApi(string basePath)
    {
        using var response = await portal.Client.Http.PostAsync($"{basePath}/__login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "su",
            ["password"] = "su-demo",
        }));
        var sid = ApiClient.SessionCookieOf(response);
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("^[0-9a-f]{32}$", sid);
        Json.Equal($$"""{"logged_in":1,"username":"su","error_string":"","group_list":"ACS_BOSS,CCS Superuser","sid":"{{sid}}"}""", json);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetJsonAsync($"{basePath}/api/customer/3134", sid)).Status);
    }

    [Fact]
    public async Task Login_Json_ReturnsStatusObjectAndWorkingCookie()
    {
        using var response = await portal.Client.Http.PostAsync("/jarvis-agent/n2fe/__login",
            new StringContent("""{"username":"rapidity","password":"rapidity-demo"}""", Encoding.UTF8, "application/json"));
        var sid = ApiClient.SessionCookieOf(response);
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal($$"""{"logged_in":1,"username":"rapidity","error_string":"","group_list":"AcsPermissionLevel6","sid":"{{sid}}"}""", json);
        Assert.Equal(["3141", "3134", "3140"], Json.Ids((await portal.Client.GetJsonAsync("/api/customer", sid)).Json));
    }

    [Theory]
    [InlineData("su", "wrong", "Invalid username or password.")]
    [InlineData("nobody", "nobody-demo", "Invalid username or password.")]
    [InlineData("su", "", "Invalid username or password.")]
    [InlineData("guest", "guest-demo", "User is not permitted to log in.")]
    public async Task Login_Refused_ReturnsExactMessageAndNoCookie(string username, string password, string message)
    {
        using var response = await portal.Client.Http.PostAsync("/__login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = password,
        }));

        Assert.False(response.Headers.Contains("Set-Cookie"));
        var (status, json) = await ApiClient.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal($$"""{"logged_in":0,"username":"","error_string":"{{message}}","group_list":""}""", json);
    }

    [Theory]
    [InlineData("GET", "/__login?username=su&password=su-demo")]
    [InlineData("POST", "/jarvis-agent/n2fe/__login?username=su&password=su-demo")]
    [InlineData("POST", "/__login?password=su-demo")]
    public async Task Login_CredentialsInQueryString_Returns400AndNoCookie(string method, string path)
    {
        using var response = await portal.Client.SendAsync(new HttpMethod(method), path, null,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "su", ["password"] = "su-demo" }));

        Assert.False(response.Headers.Contains("Set-Cookie"));
        var (status, json) = await ApiClient.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(0, json["logged_in"]!.GetValue<int>());
        Assert.Contains("POST body", json["error_string"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithPresentedSessionId_IssuesANewOneAndEndsThePresentedOne()
    {
        var old = await portal.Client.LoginAsync("su");

        using var response = await portal.Client.SendAsync(HttpMethod.Post, "/__login", old,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "su", ["password"] = "su-demo" }));
        var fresh = ApiClient.SessionCookieOf(response);

        Assert.NotNull(fresh);
        Assert.NotEqual(old, fresh);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Client.GetJsonAsync("/api/customer/3134", old)).Status);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetJsonAsync("/api/customer/3134", fresh)).Status);
    }

    [Fact]
    public async Task Login_WithUnknownPresentedId_NeverAdoptsIt()
    {
        const string planted = "00112233445566778899aabbccddeeff";

        using var response = await portal.Client.SendAsync(HttpMethod.Post, "/__login", planted,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "su", ["password"] = "su-demo" }));

        Assert.NotEqual(planted, ApiClient.SessionCookieOf(response));
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Client.GetJsonAsync("/api/customer/3134", planted)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/jarvis-agent/n2fe")]
    public async Task Logout_KillsTheSessionOnTheServer(string basePath)
    {
        var sid = await portal.Client.LoginAsync("su");

        using var response = await portal.Client.GetAsync($"{basePath}/__logout", sid);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal("""{"logged_in":0,"username":"","error_string":"Logged out at client request.","group_list":""}""", json);
        Assert.Contains("expires=Thu, 01 Jan 1970", setCookie, StringComparison.OrdinalIgnoreCase);
        var (afterStatus, after) = await portal.Client.GetJsonAsync($"{basePath}/api/customer/3134", sid);
        Assert.Equal(HttpStatusCode.Unauthorized, afterStatus);
        Json.Equal(LoginRequired, after);
        Json.Equal("""{"logged_in":0,"username":"","error_string":"Login required.","group_list":""}""", (await portal.Client.GetJsonAsync("/__status", sid)).Json);
    }

    [Fact]
    public async Task Status_WithLiveSession_ReturnsStatusObjectWithSid()
    {
        var sid = await portal.SessionOf("auditor");

        var (status, json) = await portal.Client.GetJsonAsync("/jarvis-agent/n2fe/__status", sid);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal($$"""{"logged_in":1,"username":"auditor","error_string":"","group_list":"ACS_BOSS_READ","sid":"{{sid}}"}""", json);
    }

    [Fact]
    public async Task SessionCookie_OverHttp_IsHttpOnlyStrictRootPathAndNotSecure()
    {
        using var response = await portal.Client.Http.PostAsync("/__login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "su",
            ["password"] = "su-demo",
        }));

        var attributes = CookieAttributes(response);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain("secure", attributes);
    }

    [Fact]
    public async Task SessionCookie_OverHttps_IsSecure()
    {
        using var client = portal.Factory.Client("https://localhost");
        using var response = await client.Http.PostAsync("/__login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "su",
            ["password"] = "su-demo",
        }));

        var attributes = CookieAttributes(response);
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
    }

    private static string[] CookieAttributes(HttpResponseMessage response)
    {
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("N2FE_CGISESSID=", StringComparison.Ordinal));
        return cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToArray();
    }
}
