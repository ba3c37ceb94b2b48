using System.Net;
using System.Text.Json.Nodes;
using Jarvis.Core.Security;
using Jarvis.Portal.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jarvis.Portal.Tests.Api;

/// <summary>
/// One portal whose login throttle allows many failures, so that the refusals of API.md section 10 can be tried one by
/// one without locking the address (<see cref="ApiTokenThrottleTests"/> checks the throttle itself).
/// </summary>
public sealed class TokenPortal : IAsyncLifetime
{
    public DatabaseFile Database { get; } = new();

    public PortalFactory Factory { get; private set; } = null!;

    public ApiClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new PortalFactory(Database, settings: new Dictionary<string, string?>
        {
            ["Jarvis:LoginThrottle:AddressFailureLimit"] = "100000",
            ["Jarvis:LoginThrottle:PairFailureLimit"] = "100000",
        });
        Client = Factory.Client();
        return Task.CompletedTask;
    }

    /// <summary>A new token of the user (its name unique in this portal), as <c>users token add</c> makes it.</summary>
    public async Task<string> TokenAsync(string username, bool readOnly = false, string? name = null, int? days = null)
    {
        var store = Factory.Services.GetRequiredService<ApiTokenStore>();
        var userId = await store.UserIdAsync(username) ?? throw new InvalidOperationException($"No user {username}.");
        var created = await store.CreateAsync(userId, name ?? $"t-{Guid.NewGuid():N}"[..20], readOnly, days);
        return Assert.IsType<ApiTokenResult.Created>(created).Token;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Database.Dispose();
    }
}

/// <summary>API.md section 10 over HTTP, under both bases and for every demo user.</summary>
public sealed class ApiTokenApiTests(TokenPortal portal) : IClassFixture<TokenPortal>
{
    public static readonly TheoryData<string> Bases = ["", "/jarvis-agent/n2fe"];

    private const string InvalidToken = """{"logged_in":0,"username":"","error_string":"Invalid or expired token.","group_list":""}""";

    public static TheoryData<string, string> UsersAndBases()
    {
        var data = new TheoryData<string, string>();
        foreach (var user in new[] { "su", "auditor", "rapidity", "rapidity-view", "operator" })
        {
            foreach (var basePath in new[] { "", "/jarvis-agent/n2fe" })
            {
                data.Add(user, basePath);
            }
        }

        return data;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? authorization, string? sid = null, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (sid is not null)
        {
            request.Headers.Add("Cookie", $"{SessionCookie.Name}={sid}");
        }

        if (body is not null)
        {
            request.Content = ApiClient.Body(body, "application/json");
        }

        return portal.Client.Http.SendAsync(request);
    }

    private async Task<(HttpStatusCode Status, JsonNode Json, HttpResponseMessage Response)> BearerAsync(
        HttpMethod method, string path, string? authorization, string? body = null)
    {
        var response = await SendAsync(method, path, authorization, body: body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(text)!, response);
    }

    private long SessionRows() => (long)portal.Database.Scalar("SELECT COUNT(*) FROM JARVIS_SESSION")!;

    [Theory]
    [MemberData(nameof(UsersAndBases))]
    public async Task Token_OfEveryDemoUser_ReadsExactlyWhatTheirSessionReads_WithoutCookieOrSession(string username, string basePath)
    {
        var sid = await portal.Client.LoginAsync(username);
        var token = await portal.TokenAsync(username);
        var sessionsBefore = SessionRows();

        foreach (var path in new[] { "/api/customer", "/api/customer?name=rapi", "/api/customer/3134", "/api/customer/3141", "/api/customer/2001", "/api/customer/3134/history" })
        {
            var (bySessionStatus, bySession) = await portal.Client.GetJsonAsync(basePath + path, sid);
            var (byTokenStatus, byToken, response) = await BearerAsync(HttpMethod.Get, basePath + path, $"Bearer {token}");

            Assert.Equal(bySessionStatus, byTokenStatus);
            Json.Equal(bySession.ToJsonString(), byToken);
            Assert.False(response.Headers.Contains("Set-Cookie"), $"{path} set a cookie for a token");
        }

        Assert.Equal(sessionsBefore, SessionRows());
    }

    [Theory]
    [MemberData(nameof(UsersAndBases))]
    public async Task Status_WithToken_IsTheStatusObjectOfItsUserWithoutSid(string username, string basePath)
    {
        var token = await portal.TokenAsync(username);
        var groups = string.Join(",", Jarvis.Core.Data.DemoData.Users.Single(u => u.Username == username).Groups.Order(StringComparer.Ordinal));

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            var (status, json, response) = await BearerAsync(method, $"{basePath}/__status", $"Bearer {token}");

            Assert.Equal(HttpStatusCode.OK, status);
            Json.Equal($$"""{"logged_in":1,"username":"{{username}}","error_string":"","group_list":"{{groups}}"}""", json);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task Token_OfAUserInNoLoginGroup_IsRefusedLikeAnUnknownOne(string basePath)
    {
        var token = await portal.TokenAsync("guest");

        foreach (var path in new[] { "/api/customer", "/__status" })
        {
            var (status, json, _) = await BearerAsync(HttpMethod.Get, basePath + path, $"Bearer {token}");

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Json.Equal(InvalidToken, json);
        }
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task ReadOnlyToken_ReadsButEveryWriteIs403WithTheRefusalEnvelope_AndChangesNothing(string basePath)
    {
        var token = await portal.TokenAsync("su", readOnly: true);
        var sid = await portal.Client.LoginAsync("su");
        var (_, before) = await portal.Client.GetJsonAsync("/api/customer/1551", sid);

        var (getStatus, _, _) = await BearerAsync(HttpMethod.Get, $"{basePath}/api/customer/1551", $"Bearer {token}");
        var (putStatus, put, _) = await BearerAsync(
            HttpMethod.Put, $"{basePath}/api/customer/1551", $"Bearer {token}", """{"customer_reference":"RO-1","description":null}""");

        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal(HttpStatusCode.Forbidden, putStatus);
        Json.Equal(Json.Refusal("This token may only read.", "su", Json.SuGroups), put);
        var (_, after) = await portal.Client.GetJsonAsync("/api/customer/1551", sid);
        Json.Equal(before.ToJsonString(), after);
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task ReadOnlyToken_ABodyThatWouldBeRefusedAnyway_IsStill403(string basePath)
    {
        var token = await portal.TokenAsync("rapidity-view", readOnly: true);

        var response = await SendAsync(HttpMethod.Put, $"{basePath}/api/customer/3134", $"Bearer {token}");
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Json.Equal(Json.Refusal("This token may only read.", "rapidity-view", "AcsPermissionLevel1"), json);
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task WriteToken_PutsAsItsUser_AndTheHistoryNamesTheToken(string basePath)
    {
        var name = $"sync{basePath.Length}";
        var token = await portal.TokenAsync("rapidity", name: name);
        var reference = $"TK-{basePath.Length}";

        var (status, json, _) = await BearerAsync(
            HttpMethod.Put, $"{basePath}/api/customer/3141", $"Bearer {token}", $$"""{"customer_reference":"{{reference}}","description":null}""");
        var (_, history, _) = await BearerAsync(HttpMethod.Get, $"{basePath}/api/customer/3141/history", $"Bearer {token}");

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal("""{"username":"rapidity","success":1,"error_string":"","group_list":"AcsPermissionLevel6","modified":1,"logged_in":"1"}""", json);
        var entry = history.AsArray().Single(e => e!["new"]?.GetValue<string>() == reference)!;
        Assert.Equal(("rapidity", "api", name), (entry["username"]!.GetValue<string>(), entry["via"]!.GetValue<string>(), entry["token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task History_OfAChangeMadeInASession_HasNoTokenKey()
    {
        var sid = await portal.Client.LoginAsync("su");
        await portal.Client.PutAsync("/api/customer/2002", sid, """{"customer_reference":"US-1","description":null}""");

        var (_, history) = await portal.Client.GetJsonAsync("/api/customer/2002/history", sid);

        Assert.All(history.AsArray(), e => Assert.False(e!.AsObject().ContainsKey("token")));
        Assert.NotEmpty(history.AsArray());
    }

    public static TheoryData<string> BadAuthorizations() =>
    [
        "Bearer",
        "Bearer ",
        "Bearer  jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Basic c3U6c3UtZGVtbw==",
        "Token jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Bearer xyz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Bearer jrv_short",
        "Bearer jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Bearer jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Bearer jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u00e9",
        "Bearer \u0000",
    ];

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task MalformedOrUnknownToken_IsA401StatusObject_OnEveryPathAndBase(string authorization)
    {
        foreach (var basePath in new[] { "", "/jarvis-agent/n2fe" })
        {
            foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/customer"), (HttpMethod.Get, "/api/customer/3134"), (HttpMethod.Put, "/api/customer/3134"), (HttpMethod.Get, "/__status") })
            {
                var (status, json, response) = await BearerAsync(method, basePath + path, authorization,
                    method == HttpMethod.Put ? """{"customer_reference":"BAD-1"}""" : null);

                Assert.Equal(HttpStatusCode.Unauthorized, status);
                Json.Equal(InvalidToken, json);
                Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
                Assert.False(response.Headers.Contains("Set-Cookie"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task RevokedExpiredOrLockedUsersToken_IsTheSame401AsAnUnknownOne(string basePath)
    {
        var store = portal.Factory.Services.GetRequiredService<ApiTokenStore>();
        var admin = portal.Factory.Services.GetRequiredService<UserAdministration>();
        var lockedUser = $"locked{basePath.Length}";
        Assert.IsType<AdminResult.Done>(await admin.AddAsync(lockedUser, UserType.Acs, 3134, ["AcsPermissionLevel6"], "pw"));
        var revoked = await portal.TokenAsync("su", name: $"revoked{basePath.Length}");
        await store.RevokeAsync(1, $"revoked{basePath.Length}");
        var expired = await portal.TokenAsync("su", name: $"expired{basePath.Length}", days: 1);
        portal.Database.Execute($"UPDATE JARVIS_API_TOKEN SET EXPIRES_AT = CREATED_AT - 1 WHERE NAME = 'expired{basePath.Length}'");
        var locked = await portal.TokenAsync(lockedUser);
        var (beforeLock, _, _) = await BearerAsync(HttpMethod.Get, $"{basePath}/api/customer/3134", $"Bearer {locked}");
        await admin.SetLockedAsync(lockedUser, true);

        foreach (var token in new[] { revoked, expired, locked })
        {
            foreach (var path in new[] { "/api/customer/3134", "/__status" })
            {
                var (status, json, _) = await BearerAsync(HttpMethod.Get, basePath + path, $"Bearer {token}");

                Assert.Equal(HttpStatusCode.Unauthorized, status);
                Json.Equal(InvalidToken, json);
            }
        }

        Assert.Equal(HttpStatusCode.OK, beforeLock);
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task TokenInTheQueryString_IsRefused_EvenAGoodOne_AndEvenWithAGoodCookie(string basePath)
    {
        var token = await portal.TokenAsync("su");
        var sid = await portal.Client.LoginAsync("su");

        foreach (var path in new[] { $"/api/customer?access_token={token}", $"/api/customer?name={token}", $"/__status?token={token}", $"/api/customer/3134?api_token=x" })
        {
            var response = await SendAsync(HttpMethod.Get, basePath + path, null, sid);
            var (status, json) = await ApiClient.ReadAsync(response);

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Json.Equal(InvalidToken, json);
        }
    }

    [Fact]
    public async Task Token_AndACookieOfAnotherUser_TheTokenDecides()
    {
        var token = await portal.TokenAsync("rapidity");
        var sid = await portal.Client.LoginAsync("su");

        var response = await SendAsync(HttpMethod.Get, "/__status", $"Bearer {token}", sid);
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal("""{"logged_in":1,"username":"rapidity","error_string":"","group_list":"AcsPermissionLevel6"}""", json);
    }

    [Fact]
    public async Task Token_OnAPage_IsIgnored_ThePageAsksForALogin()
    {
        var token = await portal.TokenAsync("su");

        using var response = await SendAsync(HttpMethod.Get, "/customers", $"Bearer {token}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task RequestLog_NamesTheToken_AndNeverHoldsTheToken()
    {
        var token = await portal.TokenAsync("su", name: "log-check");

        using var _ = await SendAsync(HttpMethod.Get, "/api/customer/1551", $"Bearer {token}");
        using var __ = await SendAsync(HttpMethod.Get, "/api/customer/1551", $"Bearer {token}x");

        var entry = await portal.Factory.Logs.WaitForAsync(e => e.Category == "Jarvis.Requests" && e.Message.Contains("with token log-check"));
        Assert.Contains("GET /api/customer/1551 answered 200", entry.Message);
        Assert.Contains(" for su ", entry.Message);
        Assert.DoesNotContain(portal.Factory.Logs.Entries, e => e.Message.Contains(token[4..]) || (e.Exception?.ToString().Contains(token[4..]) ?? false));
    }

    [Fact]
    public async Task LastUse_IsRecordedByARequest()
    {
        var token = await portal.TokenAsync("auditor", name: "last-use");
        var store = portal.Factory.Services.GetRequiredService<ApiTokenStore>();

        var before = (await store.ListAsync(2)).Single(t => t.Name == "last-use").LastUsedAt;
        using var _ = await SendAsync(HttpMethod.Get, "/api/customer/3134", $"Bearer {token}");
        var after = (await store.ListAsync(2)).Single(t => t.Name == "last-use").LastUsedAt;

        Assert.Null(before);
        Assert.NotNull(after);
    }
}

/// <summary>API.md sections 6 and 10: failed token checks count toward the address's login throttle.</summary>
public sealed class ApiTokenThrottleTests
{
    [Fact]
    public async Task TwentyRefusedTokens_LockTheAddress_ForTokensAndLoginsAlike_With429()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var store = portal.Factory.Services.GetRequiredService<ApiTokenStore>();
        var token = Assert.IsType<ApiTokenResult.Created>(await store.CreateAsync(1, "ci", false, null)).Token;
        var limit = portal.Factory.Services.GetRequiredService<IOptions<LoginThrottleOptions>>().Value.AddressFailureLimit;

        for (var i = 0; i < limit; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, i % 2 == 0 ? "/api/customer" : "/jarvis-agent/n2fe/__status");
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer jrv_{i}");
            var (status, _) = await ApiClient.ReadAsync(await portal.Client.Http.SendAsync(request));
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }

        var good = new HttpRequestMessage(HttpMethod.Get, "/api/customer/3134");
        good.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        var response = await portal.Client.Http.SendAsync(good);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        var (goodStatus, goodJson) = await ApiClient.ReadAsync(response);
        using var login = await portal.Client.Http.PostAsync("/__login", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["username"] = "su", ["password"] = "su-demo" }));
        var (cookieStatus, _) = await portal.Client.GetJsonAsync("/api/customer/3134", sid);

        Assert.Equal(HttpStatusCode.TooManyRequests, goodStatus);
        Json.Equal("""{"logged_in":0,"username":"","error_string":"Too many failed logins. Try again in 15 minutes.","group_list":""}""", goodJson);
        Assert.InRange(retryAfter!.Value.TotalSeconds, 1, 900);
        Assert.Equal(HttpStatusCode.TooManyRequests, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cookieStatus); // a live session is not a login: it keeps working
    }
}
