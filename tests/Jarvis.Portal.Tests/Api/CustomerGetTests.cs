using System.Net;

namespace Jarvis.Portal.Tests.Api;

/// <summary>The GET examples of customer-api.txt and the GET rules of API.md section 4, under both bases.</summary>
public sealed class CustomerGetTests(SharedPortal portal) : IClassFixture<SharedPortal>
{
    public static TheoryData<string> Bases => ["", "/jarvis-agent/n2fe"];

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task Search_SpecExampleRapi_ReturnsExactlyTheTwoCustomersOfTheSpec(string basePath)
    {
        var (status, json) = await portal.Client.GetJsonAsync($"{basePath}/api/customer?name=rapi", await portal.SessionOf("su"));

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal("""
            [
               { "name" : "Rapidity Inc", "customer_sns" : "0800134123", "id" : "3134" },
               { "customer_sns" : "0800555132, 08005551232", "id" : "1551", "name" : "Rapidity Locators Inc" }
            ]
            """, json);
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task Get_SpecExample3134_ReturnsTheSpecObjectPlusNullDescription(string basePath)
    {
        var (status, json) = await portal.Client.GetJsonAsync($"{basePath}/api/customer/3134", await portal.SessionOf("su"));

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal("""{ "name" : "Rapidity Inc", "customer_reference" : "430184/A", "id" : "3134", "description": null }""", json);
    }

    [Fact]
    public async Task Get_CustomerWithDescription_ReturnsEveryKey()
    {
        var (_, json) = await portal.Client.GetJsonAsync("/api/customer/1551", await portal.SessionOf("su"));

        Json.Equal("""{"id":"1551","name":"Rapidity Locators Inc","customer_reference":"118822/C","description":"Locator services"}""", json);
    }

    [Fact]
    public async Task Search_CustomerWithoutServiceNumbers_HasEmptyCustomerSns()
    {
        var (_, json) = await portal.Client.GetJsonAsync("/api/customer?name=harbour", await portal.SessionOf("su"));

        Json.Equal("""[{"id":"3141","name":"Harbour Freight Co","customer_sns":""}]""", json);
    }

    [Theory]
    [InlineData("0800%20555-132", "1551")]
    [InlineData("100%25", "2001")]
    [InlineData("under_score", "2002")]
    [InlineData("%C3%B1AND%C3%9A", "2003")]
    public async Task Search_TermsOfTheSpec_FindOnlyTheirCustomer(string term, string id)
    {
        var (status, json) = await portal.Client.GetJsonAsync($"/api/customer?name={term}", await portal.SessionOf("su"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([id], Json.Ids(json));
    }

    [Fact]
    public async Task Search_NoTerm_ReturnsEveryCustomerOrderedByName()
    {
        var (_, json) = await portal.Client.GetJsonAsync("/api/customer", await portal.SessionOf("su"));

        var names = json.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.True(names.Count >= 207, $"only {names.Count} customers");
        Assert.Equal(names.Order(StringComparer.Create(System.Globalization.CultureInfo.InvariantCulture, ignoreCase: true)).Take(3), names.Take(3));
        Assert.All(json.AsArray(), c => Assert.Equal(System.Text.Json.JsonValueKind.String, c!["id"]!.GetValueKind()));
    }

    [Fact]
    public async Task Search_PageStartAndLimit_ReturnTheSliceOfTheFullList()
    {
        var sid = await portal.SessionOf("su");
        var (_, all) = await portal.Client.GetJsonAsync("/api/customer", sid);
        var (status, page) = await portal.Client.GetJsonAsync("/jarvis-agent/n2fe/api/customer?page_start=5&page_limit=3", sid);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Json.Ids(all).Skip(5).Take(3), Json.Ids(page));
    }

    [Fact]
    public async Task Search_PageLimitZero_ReturnsEmptyArray()
    {
        var (status, json) = await portal.Client.GetJsonAsync("/api/customer?page_limit=0", await portal.SessionOf("su"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(json.AsArray());
    }

    [Theory]
    [InlineData("page_start=-1", "page_start must be a non-negative whole number.")]
    [InlineData("page_start=abc", "page_start must be a non-negative whole number.")]
    [InlineData("page_start=", "page_start must be a non-negative whole number.")]
    [InlineData("page_start=1.5", "page_start must be a non-negative whole number.")]
    [InlineData("page_start=%201", "page_start must be a non-negative whole number.")]
    [InlineData("page_limit=%2B3", "page_limit must be a non-negative whole number.")]
    [InlineData("page_limit=99999999999999999999", "page_limit must be a non-negative whole number.")]
    [InlineData("page_limit=1e3", "page_limit must be a non-negative whole number.")]
    [InlineData("page_limit=3&page_limit=4", "Give each query parameter at most once.")]
    public async Task Search_BadPaging_Returns400WithRefusalEnvelope(string query, string message)
    {
        foreach (var basePath in new[] { "", "/jarvis-agent/n2fe" })
        {
            var (status, json) = await portal.Client.GetJsonAsync($"{basePath}/api/customer?{query}", await portal.SessionOf("su"));

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Json.Equal(Json.Refusal(message, "su", Json.SuGroups), json);
        }
    }

    [Theory]
    [InlineData("99")]
    [InlineData("9223372036854775807")]
    public async Task Get_MissingCustomer_Returns404Envelope(string id)
    {
        var (status, json) = await portal.Client.GetJsonAsync($"/api/customer/{id}", await portal.SessionOf("su"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Json.Equal(Json.Refusal($"Customer {id} not found.", "su", Json.SuGroups), json);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-3134")]
    [InlineData("%2B3134")]
    [InlineData("3134.0")]
    [InlineData("1e3")]
    [InlineData("%203134")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999999")]
    [InlineData("0x10")]
    public async Task Get_InvalidId_Returns400Envelope(string id)
    {
        foreach (var basePath in new[] { "", "/jarvis-agent/n2fe" })
        {
            var (status, json) = await portal.Client.GetJsonAsync($"{basePath}/api/customer/{id}", await portal.SessionOf("su"));

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Json.Equal(Json.Refusal("customer_id must be a positive whole number.", "su", Json.SuGroups), json);
        }
    }

    [Fact]
    public async Task Get_InvisibleCustomer_GivesTheSameAnswerAsAMissingOne()
    {
        var sid = await portal.SessionOf("rapidity");

        var (invisibleStatus, invisible) = await portal.Client.GetJsonAsync("/api/customer/1551", sid);
        var (missingStatus, missing) = await portal.Client.GetJsonAsync("/api/customer/1552", sid);

        Assert.Equal(HttpStatusCode.NotFound, invisibleStatus);
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Json.Equal(Json.Refusal("Customer 1551 not found.", "rapidity", "AcsPermissionLevel6"), invisible);
        Json.Equal(Json.Refusal("Customer 1552 not found.", "rapidity", "AcsPermissionLevel6"), missing);
    }

    [Fact]
    public async Task Search_AskingForTextPlain_StillAnswersJson()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/customer?name=rapi");
        request.Headers.Add("Cookie", $"N2FE_CGISESSID={await portal.SessionOf("su")}");
        request.Headers.Add("Accept", "text/plain");

        var (status, json) = await ApiClient.ReadAsync(await portal.Client.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["3134", "1551"], Json.Ids(json));
    }
}

/// <summary>Paths and methods under the API that no endpoint serves still answer in JSON, never with a page.</summary>
public sealed class UnknownApiRouteTests(SharedPortal portal) : IClassFixture<SharedPortal>
{
    [Theory]
    [InlineData("GET", "/api/nothing", HttpStatusCode.NotFound, "No such API endpoint.")]
    [InlineData("GET", "/jarvis-agent/n2fe/api/customer/3134/extra", HttpStatusCode.NotFound, "No such API endpoint.")]
    [InlineData("PATCH", "/api/customer/3134", HttpStatusCode.MethodNotAllowed, "This method is not allowed here.")]
    [InlineData("POST", "/jarvis-agent/n2fe/api/customer/3134", HttpStatusCode.MethodNotAllowed, "This method is not allowed here.")]
    [InlineData("DELETE", "/jarvis-agent/n2fe/api/customer", HttpStatusCode.MethodNotAllowed, "This method is not allowed here.")]
    public async Task UnservedApiRequest_AnswersJsonEnvelope(string method, string path, HttpStatusCode expected, string message)
    {
        using var response = await portal.Client.SendAsync(new HttpMethod(method), path, await portal.SessionOf("su"));
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(expected, status);
        Json.Equal(Json.Refusal(message, "su", Json.SuGroups), json);
    }
}
