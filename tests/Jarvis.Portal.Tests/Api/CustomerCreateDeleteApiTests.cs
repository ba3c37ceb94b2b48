using System.Net;
using System.Text.Json.Nodes;

namespace Jarvis.Portal.Tests.Api;

/// <summary>
/// POST and DELETE of API.md section 9 under both bases: the envelopes, Location, If-Match, 400/413/415 as PUT, and
/// every refusal leaving the customers as they were (read back through the API as su).
/// </summary>
public sealed class CustomerCreateDeleteApiTests
{
    private const string Groups6 = "AcsPermissionLevel6";

    private static Task<HttpResponseMessage> PostAsync(ApiClient client, string basePath, string? sid, string body, string contentType = "application/json") =>
        client.SendAsync(HttpMethod.Post, $"{basePath}/api/customer", sid, ApiClient.Body(body, contentType));

    private static async Task<(HttpStatusCode Status, JsonNode Json)> DeleteAsync(ApiClient client, string path, string? sid, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, path);
        if (sid is not null)
        {
            request.Headers.Add("Cookie", $"N2FE_CGISESSID={sid}");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await ApiClient.ReadAsync(await client.Http.SendAsync(request));
    }

    private static async Task<string> AllCustomersAsync(ApiClient client, string sid) =>
        (await client.GetJsonAsync("/api/customer", sid)).Json.ToJsonString();

    [Theory]
    [InlineData("")]
    [InlineData("/jarvis-agent/n2fe")]
    public async Task Post_AsSuBelowRapidity_ReturnsTheStoreEnvelopeWithTheIdAndLocation_AndRapiditySeesIt(string basePath)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su", basePath);

        using var response = await PostAsync(portal.Client, basePath, sid,
            """{"name":"Rapidity Express Ltd","customer_reference":"430185/A","description":"Same-day deliveries","parent_id":"3134"}""");
        var location = response.Headers.Location?.OriginalString;
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        var id = json["id"]!.GetValue<string>();
        Json.Equal($$"""{"username":"su","success":1,"error_string":"","group_list":"{{Json.SuGroups}}","modified":1,"logged_in":"1","id":"{{id}}"}""", json);
        Assert.Equal($"{basePath}/api/customer/{id}", location);
        Json.Equal($$"""{"id":"{{id}}","name":"Rapidity Express Ltd","customer_reference":"430185/A","description":"Same-day deliveries"}""",
            (await portal.Client.GetJsonAsync(location!, sid)).Json);
        var rapidity = await portal.Client.LoginAsync("rapidity");
        Assert.Contains(id, Json.Ids((await portal.Client.GetJsonAsync("/api/customer?name=express", rapidity)).Json));
    }

    [Fact]
    public async Task Post_ParentIdAsANumber_IsAcceptedLikeAString()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("rapidity");

        var (status, json) = await ApiClient.ReadAsync(await PostAsync(portal.Client, "", sid, """{"name":"Depot Ltd","parent_id":3141}"""));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, json["success"]!.GetValue<int>());
        var (_, stored) = await portal.Client.GetJsonAsync($"/api/customer/{json["id"]!.GetValue<string>()}", sid);
        Assert.Equal("Depot Ltd", stored["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("su", """{"customer_reference":"X-1"}""", "Name is required")]
    [InlineData("su", """{"name":"   "}""", "Name is required")]
    [InlineData("su", """{"name":null}""", "Name is required")]
    [InlineData("su", """{"name":"NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN"}""", "Name is too long")]
    [InlineData("su", """{"name":"Bad\u0001Name"}""", "Name must not contain control characters")]
    [InlineData("su", """{"name":"rapidity INC"}""", "Customer name 'rapidity INC' is already in use")]
    [InlineData("su", """{"name":12}""", "name must be a string")]
    [InlineData("su", """{"name":"Fine Ltd","customer_reference":"430184/A"}""", "Customer reference '430184/A' is already in use by another customer")]
    [InlineData("su", """{"name":"Fine Ltd","customer_reference":5}""", "customer_reference must be a string or null")]
    [InlineData("su", """{"name":"Fine Ltd","description":["x"]}""", "description must be a string or null")]
    [InlineData("su", """{"name":"Fine Ltd","parent_id":"abc"}""", "parent_id must be a customer id (a positive whole number, as a string or a number) or null")]
    [InlineData("su", """{"name":"Fine Ltd","parent_id":-4}""", "parent_id must be a customer id (a positive whole number, as a string or a number) or null")]
    [InlineData("su", """{"name":"Fine Ltd","parent_id":3134.5}""", "parent_id must be a customer id (a positive whole number, as a string or a number) or null")]
    [InlineData("su", """{"name":"Fine Ltd","parent_id":"999999"}""", "You may not create a customer below customer 999999.")]
    [InlineData("rapidity", """{"name":"Fine Ltd","parent_id":"2001"}""", "You may not create a customer below customer 2001.")]
    [InlineData("auditor", """{"name":"Fine Ltd"}""", "You may not create customers.")]
    [InlineData("rapidity-view", """{"name":"Fine Ltd"}""", "You may not create customers.")]
    [InlineData("operator", """{"name":"Fine Ltd"}""", "You may not create customers.")]
    public async Task Post_Refused_AnswersTheRefusalEnvelopeAndCreatesNothing(string user, string body, string message)
    {
        await using var portal = FreshPortal.Start();
        var su = await portal.Client.LoginAsync("su");
        var before = await AllCustomersAsync(portal.Client, su);
        var sid = user == "su" ? su : await portal.Client.LoginAsync(user);

        foreach (var basePath in new[] { "", "/jarvis-agent/n2fe" })
        {
            using var response = await PostAsync(portal.Client, basePath, sid, body);
            Assert.Null(response.Headers.Location);
            var (status, json) = await ApiClient.ReadAsync(response);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(message, json["message"]!.GetValue<string>());
            Assert.Equal(0, json["success"]!.GetValue<int>());
            Assert.Equal(user, json["username"]!.GetValue<string>());
        }

        Assert.Equal(before, await AllCustomersAsync(portal.Client, su));
    }

    [Theory]
    [InlineData("[]", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"name\":", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"name\":\"Fine Ltd\"}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task Post_MalformedBody_AnswersAsPutAndCreatesNothing(string body, string contentType, HttpStatusCode expected)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var before = await AllCustomersAsync(portal.Client, sid);

        var (status, json) = await ApiClient.ReadAsync(await PostAsync(portal.Client, "", sid, body, contentType));

        Assert.Equal(expected, status);
        Assert.Equal(0, json["success"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(json["message"]!.GetValue<string>()));
        Assert.Equal(before, await AllCustomersAsync(portal.Client, sid));
    }

    [Fact]
    public async Task Post_BodyOver64KiB_Answers413AndCreatesNothing()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var before = await AllCustomersAsync(portal.Client, sid);

        var (status, json) = await ApiClient.ReadAsync(await PostAsync(portal.Client, "", sid, $$"""{"name":"Big Ltd","description":"{{new string('d', 70_000)}}"}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(0, json["success"]!.GetValue<int>());
        Assert.Equal(before, await AllCustomersAsync(portal.Client, sid));
    }

    [Fact]
    public async Task Post_WithoutASession_Answers401()
    {
        await using var portal = FreshPortal.Start();

        var (status, json) = await ApiClient.ReadAsync(await PostAsync(portal.Client, "", null, """{"name":"Anon Ltd"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Login required.", json["error_string"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/jarvis-agent/n2fe")]
    public async Task Delete_AsRapidityACustomerBelowItsOwn_AnswersModifiedOne_AndTheHistoryStaysReadableForSu(string basePath)
    {
        await using var portal = FreshPortal.Start();
        var rapidity = await portal.Client.LoginAsync("rapidity", basePath);
        var (_, created) = await ApiClient.ReadAsync(await PostAsync(portal.Client, basePath, rapidity, """{"name":"Short Lived Ltd","parent_id":"3141"}"""));
        var id = created["id"]!.GetValue<string>();

        var (status, json) = await DeleteAsync(portal.Client, $"{basePath}/api/customer/{id}", rapidity);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal($$"""{"username":"rapidity","success":1,"error_string":"","group_list":"{{Groups6}}","modified":1,"logged_in":"1"}""", json);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Client.GetJsonAsync($"/api/customer/{id}", rapidity)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Client.GetJsonAsync($"/api/customer/{id}/history", rapidity)).Status);
        var su = await portal.Client.LoginAsync("su");
        var (historyStatus, history) = await portal.Client.GetJsonAsync($"{basePath}/api/customer/{id}/history", su);
        Assert.Equal(HttpStatusCode.OK, historyStatus);
        var fields = history.AsArray().Select(e => (e!["field"]!.GetValue<string>(), e["old"]?.GetValue<string>(), e["new"]?.GetValue<string>())).ToList();
        Assert.Contains(("name", null, "Short Lived Ltd"), fields);
        Assert.Contains(("name", "Short Lived Ltd", null), fields);
        Assert.Contains(("parent_id", "3141", null), fields);
    }

    [Fact]
    public async Task Delete_AsSuAnIdNoCustomerHas_AnswersModifiedZero()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await DeleteAsync(portal.Client, "/api/customer/999999", sid);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal($$"""{"username":"su","success":1,"error_string":"","group_list":"{{Json.SuGroups}}","modified":0,"logged_in":"1"}""", json);
    }

    [Theory]
    [InlineData("su", "3134", "Customer 3134 still has service numbers.")]
    [InlineData("rapidity", "3140", "Customer 3140 still has service numbers.")]
    [InlineData("rapidity", "3134", "You may not delete customer 3134.")]
    [InlineData("rapidity", "2001", "You may not delete customer 2001.")]
    [InlineData("rapidity", "999999", "You may not delete customer 999999.")]
    [InlineData("rapidity-view", "3141", "You may not delete customer 3141.")]
    [InlineData("auditor", "3141", "You may not delete customer 3141.")]
    [InlineData("operator", "3141", "You may not delete customer 3141.")]
    public async Task Delete_Refused_AnswersTheRefusalEnvelopeAndDeletesNothing(string user, string id, string message)
    {
        await using var portal = FreshPortal.Start();
        var su = await portal.Client.LoginAsync("su");
        var before = await AllCustomersAsync(portal.Client, su);
        var sid = user == "su" ? su : await portal.Client.LoginAsync(user);

        foreach (var basePath in new[] { "", "/jarvis-agent/n2fe" })
        {
            var (status, json) = await DeleteAsync(portal.Client, $"{basePath}/api/customer/{id}", sid);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(message, json["message"]!.GetValue<string>());
            Assert.Equal(0, json["success"]!.GetValue<int>());
        }

        Assert.Equal(before, await AllCustomersAsync(portal.Client, su));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    public async Task Delete_IdThatIsNotAPositiveWholeNumber_Answers400(string id)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await DeleteAsync(portal.Client, $"/api/customer/{id}", sid);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("customer_id must be a positive whole number.", json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_WithAnIfMatchReadBeforeAChange_Answers412AndDeletesNothing_AndWithTheCurrentOneDeletes()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        using var created = await PostAsync(portal.Client, "", sid, """{"name":"Versioned Ltd"}""");
        var etag = created.Headers.ETag!.Tag;
        var path = created.Headers.Location!.OriginalString;
        await portal.Client.PutAsync(path, sid, """{"customer_reference":"V-2"}""");

        var (status, json) = await DeleteAsync(portal.Client, path, sid, etag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, status);
        Assert.EndsWith("was changed by someone else since you read it.", json["message"]!.GetValue<string>());
        using var current = await portal.Client.GetAsync(path, sid);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(1, (await DeleteAsync(portal.Client, path, sid, current.Headers.ETag!.Tag)).Json["modified"]!.GetValue<int>());
    }

    [Fact]
    public async Task Put_BadBodyForAnIdNoCustomerHas_IsRefusedForTheBody()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await portal.Client.PutAsync("/api/customer/999999", sid, $$"""{"customer_reference":"{{new string('R', 51)}}"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Customer reference is too long", json["message"]!.GetValue<string>());
    }
}
