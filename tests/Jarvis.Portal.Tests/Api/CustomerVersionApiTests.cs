using System.Net;
using System.Text.Json.Nodes;

namespace Jarvis.Portal.Tests.Api;

/// <summary>API.md section 7, "ETag and If-Match on a customer", under both bases.</summary>
public sealed class CustomerVersionApiTests
{
    public static TheoryData<string> Bases => ["", "/jarvis-agent/n2fe"];

    private const string Conflict3134 = "Customer 3134 was changed by someone else since you read it.";

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task Get_SendsAStrongETagThatStaysTheSameUntilTheCustomerChanges(string basePath)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su", basePath);

        var first = await ETagOfAsync(portal, $"{basePath}/api/customer/3134", sid);
        var again = await ETagOfAsync(portal, $"{basePath}/api/customer/3134", sid);
        var other = await ETagOfAsync(portal, $"{basePath}/api/customer/1551", sid);
        await portal.Client.PutAsync($"{basePath}/api/customer/3134", sid, """{"customer_reference": "430184/B"}""");
        var changed = await ETagOfAsync(portal, $"{basePath}/api/customer/3134", sid);

        Assert.Matches("^\"[0-9a-f]{64}\"$", first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(first, changed);
    }

    [Theory]
    [InlineData("", "{0}")]
    [InlineData("/jarvis-agent/n2fe", "{0}")]
    [InlineData("", "W/{0}")]
    [InlineData("", "\"other\", {0}")]
    [InlineData("", "*")]
    public async Task Get_IfNoneMatchWithTheCurrentValue_Is304WithoutABody(string basePath, string ifNoneMatch)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var etag = await ETagOfAsync(portal, $"{basePath}/api/customer/3134", sid);

        using var response = await SendAsync(portal, HttpMethod.Get, $"{basePath}/api/customer/3134", sid, ("If-None-Match", string.Format(ifNoneMatch, etag)));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("\"0000\"")]
    [InlineData("garbage")]
    public async Task Get_IfNoneMatchWithAnotherValue_Is200WithTheCustomer(string ifNoneMatch)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        using var response = await SendAsync(portal, HttpMethod.Get, "/api/customer/3134", sid, ("If-None-Match", ifNoneMatch));
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("3134", json["id"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task Put_IfMatchWithTheCurrentValue_StoresAndAnswersWithTheNewETag(string basePath)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var etag = await ETagOfAsync(portal, $"{basePath}/api/customer/3134", sid);

        using var response = await PutAsync(portal, $"{basePath}/api/customer/3134", sid, """{"customer_reference": "430184/B"}""", etag);
        var newETag = response.Headers.ETag?.ToString();
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal("""{"username":"su","success":1,"error_string":"","group_list":"ACS_BOSS,CCS Superuser","modified":1,"logged_in":"1"}""", json);
        Assert.NotEqual(etag, newETag);
        Assert.Equal(await ETagOfAsync(portal, $"{basePath}/api/customer/3134", sid), newETag);
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task Put_IfMatchAfterSomeoneElseChangedTheCustomer_Is412WithTheMessageAndChangesNothing(string basePath)
    {
        await using var portal = FreshPortal.Start();
        var su = await portal.Client.LoginAsync("su");
        var rapidity = await portal.Client.LoginAsync("rapidity");
        var readBySu = await ETagOfAsync(portal, $"{basePath}/api/customer/3134", su);
        var readByRapidity = await ETagOfAsync(portal, $"{basePath}/api/customer/3134", rapidity);
        using (var first = await PutAsync(portal, $"{basePath}/api/customer/3134", rapidity, """{"customer_reference": "BY-RAPIDITY"}""", readByRapidity))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var (_, before) = await portal.Client.GetJsonAsync($"{basePath}/api/customer/3134", su);
        var historyBefore = portal.Database.Scalar("SELECT COUNT(*) FROM JARVIS_CUSTOMER_HISTORY");
        using var response = await PutAsync(portal, $"{basePath}/api/customer/3134", su, """{"customer_reference": "BY-SU", "description": "x"}""", readBySu);
        Assert.Null(response.Headers.ETag);
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.PreconditionFailed, status);
        Json.Equal(Json.Refusal(Conflict3134, "su", Json.SuGroups), json);
        var (_, after) = await portal.Client.GetJsonAsync($"{basePath}/api/customer/3134", su);
        Json.Equal(before.ToJsonString(), after);
        Assert.Equal("BY-RAPIDITY", after["customer_reference"]!.GetValue<string>());
        Assert.Equal(historyBefore, portal.Database.Scalar("SELECT COUNT(*) FROM JARVIS_CUSTOMER_HISTORY"));
    }

    public static TheoryData<string> UnusableIfMatch => new()
    {
        "W/{0}",
        "{0}, {0}",
        "{0},\"other\"",
        "{1}",
        "\"\"",
        "\"{1}",
        "{1}\"",
        "\"a\"b\"",
        "**",
        "W/",
    };

    [Theory]
    [MemberData(nameof(UnusableIfMatch))]
    public async Task Put_IfMatchWeakListOrMalformed_Is412AndChangesNothing(string ifMatch)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var etag = await ETagOfAsync(portal, "/api/customer/3134", sid);
        var bare = etag.Trim('"');

        using var response = await PutAsync(portal, "/api/customer/3134", sid, """{"customer_reference": "CHANGED"}""", string.Format(ifMatch, etag, bare));
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.PreconditionFailed, status);
        Json.Equal(Json.Refusal(Conflict3134, "su", Json.SuGroups), json);
        Assert.Equal(etag, await ETagOfAsync(portal, "/api/customer/3134", sid));
    }

    [Fact]
    public async Task Put_TwoIfMatchHeaders_Is412()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var etag = await ETagOfAsync(portal, "/api/customer/3134", sid);
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/customer/3134") { Content = ApiClient.Body("""{"customer_reference": "CHANGED"}""", "application/json") };
        request.Headers.Add("Cookie", $"N2FE_CGISESSID={sid}");
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        request.Headers.TryAddWithoutValidation("If-Match", etag);

        var (status, _) = await ApiClient.ReadAsync(await portal.Client.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.PreconditionFailed, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    public async Task Put_WithoutIfMatchOrWithStar_StoresAsBeforeEvenAfterAnotherChange(string? ifMatch)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        await portal.Client.PutAsync("/api/customer/3134", sid, """{"customer_reference": "FIRST"}""");

        using var response = await PutAsync(portal, "/api/customer/3134", sid, """{"customer_reference": "SECOND"}""", ifMatch);
        var etag = response.Headers.ETag?.ToString();
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, json["modified"]!.GetValue<int>());
        Assert.Equal(await ETagOfAsync(portal, "/api/customer/3134", sid), etag);
        Assert.Equal("SECOND", (await portal.Client.GetJsonAsync("/api/customer/3134", sid)).Json["customer_reference"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_IfMatchOnACustomerTheUserMayNotSee_IsTheUsualRefusalNot412()
    {
        await using var portal = FreshPortal.Start();
        var su = await portal.Client.LoginAsync("su");
        var rapidity = await portal.Client.LoginAsync("rapidity");
        var etag = await ETagOfAsync(portal, "/api/customer/1551", su);

        var (status, json) = await ApiClient.ReadAsync(await PutAsync(portal, "/api/customer/1551", rapidity, """{"customer_reference": "X"}""", etag));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("You may not change customer 1551.", json["message"]!.GetValue<string>());
    }

    private static async Task<string> ETagOfAsync(FreshPortal portal, string path, string sid)
    {
        using var response = await portal.Client.GetAsync(path, sid);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        return etag.ToString();
    }

    private static Task<HttpResponseMessage> PutAsync(FreshPortal portal, string path, string sid, string body, string? ifMatch) =>
        SendAsync(portal, HttpMethod.Put, path, sid, ifMatch is null ? null : ("If-Match", ifMatch), ApiClient.Body(body, "application/json"));

    private static Task<HttpResponseMessage> SendAsync(
        FreshPortal portal, HttpMethod method, string path, string sid, (string Name, string Value)? header, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", $"N2FE_CGISESSID={sid}");
        if (header is { } h)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(h.Name, h.Value));
        }

        return portal.Client.Http.SendAsync(request);
    }
}
