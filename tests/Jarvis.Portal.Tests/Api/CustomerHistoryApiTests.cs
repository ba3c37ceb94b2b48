using System.Net;

namespace Jarvis.Portal.Tests.Api;

/// <summary>API.md section 7, "History": GET {base}/api/customer/{id}/history.</summary>
public sealed class CustomerHistoryApiTests
{
    public static TheoryData<string> Bases => ["", "/jarvis-agent/n2fe"];

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task History_AfterAPut_HasOneEntryPerChangedFieldNewestFirstInTheSpecShape(string basePath)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        await portal.Client.PutAsync($"{basePath}/api/customer/1551", sid, """{"customer_reference": "118822/C", "description": "Locator services"}""");
        await portal.Client.PutAsync($"{basePath}/api/customer/1551", sid, """{"customer_reference": "118822/D"}""");

        var (status, json) = await portal.Client.GetJsonAsync($"{basePath}/api/customer/1551/history", sid);

        Assert.Equal(HttpStatusCode.OK, status);
        var entries = json.AsArray();
        Assert.Equal(2, entries.Count);
        foreach (var entry in entries)
        {
            Assert.Equal(["changed_at", "field", "new", "old", "username", "via"], entry!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", entry["changed_at"]!.GetValue<string>());
            var when = DateTimeOffset.Parse(entry["changed_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(when, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
            entry.AsObject().Remove("changed_at");
        }

        // The newer entry (higher id, same second) comes first: the description, then the reference.
        Json.Equal("""
            [
              {"username": "su", "field": "description", "old": "Locator services", "new": null, "via": "api"},
              {"username": "su", "field": "customer_reference", "old": "118822/C", "new": "118822/D", "via": "api"}
            ]
            """, json);
    }

    [Fact]
    public async Task History_IsPagedWithPageStartAndPageLimit()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        for (var i = 1; i <= 4; i++)
        {
            await portal.Client.PutAsync("/api/customer/3134", sid, $$"""{"customer_reference": "REF-{{i}}"}""");
        }

        var (_, all) = await portal.Client.GetJsonAsync("/api/customer/3134/history", sid);
        var (_, page) = await portal.Client.GetJsonAsync("/api/customer/3134/history?page_start=1&page_limit=2", sid);
        var (_, none) = await portal.Client.GetJsonAsync("/api/customer/3134/history?page_limit=0", sid);

        // 3134 has no description, so each PUT changes one field.
        Assert.Equal(["REF-4", "REF-3", "REF-2", "REF-1"], all.AsArray().Select(e => e!["new"]!.GetValue<string>()));
        Assert.Equal(["REF-3", "REF-2"], page.AsArray().Select(e => e!["new"]!.GetValue<string>()));
        Assert.Empty(none.AsArray());
    }

    [Theory]
    [InlineData("page_start=-1", "page_start must be a non-negative whole number.")]
    [InlineData("page_limit=abc", "page_limit must be a non-negative whole number.")]
    [InlineData("page_start=", "page_start must be a non-negative whole number.")]
    [InlineData("page_start=1&page_start=2", "Give each query parameter at most once.")]
    public async Task History_BadPaging_Is400WithTheSearchMessages(string query, string message)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await portal.Client.GetJsonAsync($"/api/customer/3134/history?{query}", sid);
        var (searchStatus, searchJson) = await portal.Client.GetJsonAsync($"/api/customer?{query}", sid);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Json.Equal(Json.Refusal(message, "su", Json.SuGroups), json);
        Assert.Equal(searchStatus, status);
        Json.Equal(searchJson.ToJsonString(), json);
    }

    [Theory]
    [InlineData("rapidity", 3134L, HttpStatusCode.OK)]
    [InlineData("rapidity-view", 3141L, HttpStatusCode.OK)]
    [InlineData("auditor", 1551L, HttpStatusCode.OK)]
    [InlineData("rapidity", 1551L, HttpStatusCode.NotFound)]
    [InlineData("operator", 3134L, HttpStatusCode.NotFound)]
    [InlineData("su", 999999L, HttpStatusCode.NotFound)]
    public async Task History_IsVisibleExactlyWhenTheCustomerIs_404Alike(string user, long id, HttpStatusCode expected)
    {
        await using var portal = FreshPortal.Start();
        var su = await portal.Client.LoginAsync("su");
        await portal.Client.PutAsync($"/api/customer/{id}", su, """{"customer_reference": "SEEN"}""");
        var sid = await portal.Client.LoginAsync(user);

        var (status, json) = await portal.Client.GetJsonAsync($"/api/customer/{id}/history", sid);
        var (getStatus, getJson) = await portal.Client.GetJsonAsync($"/api/customer/{id}", sid);

        Assert.Equal(expected, status);
        Assert.Equal(getStatus, status);
        if (expected == HttpStatusCode.NotFound)
        {
            Json.Equal(getJson.ToJsonString(), json);
        }
        else
        {
            Assert.Contains(json.AsArray(), e => e!["field"]!.GetValue<string>() == "customer_reference" && e["new"]!.GetValue<string>() == "SEEN");
        }
    }

    [Theory]
    [InlineData("/api/customer/0/history", HttpStatusCode.BadRequest)]
    [InlineData("/api/customer/abc/history", HttpStatusCode.BadRequest)]
    [InlineData("/api/customer/99999999999999999999/history", HttpStatusCode.BadRequest)]
    public async Task History_BadId_Is400(string path, HttpStatusCode expected)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await portal.Client.GetJsonAsync(path, sid);

        Assert.Equal(expected, status);
        Assert.Equal("customer_id must be a positive whole number.", json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task History_WithoutASession_Is401()
    {
        await using var portal = FreshPortal.Start();

        var (status, json) = await portal.Client.GetJsonAsync("/jarvis-agent/n2fe/api/customer/3134/history", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Login required.", json["error_string"]!.GetValue<string>());
    }
}
