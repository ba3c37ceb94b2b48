using System.Net;
using System.Text.Json.Nodes;
using Jarvis.Core.Customers;

namespace Jarvis.Portal.Tests.Api;

/// <summary>The OpenAPI document at /openapi/v1.json describes the customer endpoints, their parameters and envelopes.</summary>
public sealed class OpenApiTests(SharedPortal portal) : IClassFixture<SharedPortal>
{
    private async Task<JsonNode> DocumentAsync()
    {
        using var response = await portal.Client.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Theory]
    [InlineData("/api/customer")]
    [InlineData("/jarvis-agent/n2fe/api/customer")]
    public async Task Document_SearchPath_HasParametersAndResponsesPerStatus(string path)
    {
        var search = (await DocumentAsync())["paths"]![path]!["get"]!;

        var parameters = search["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>());
        Assert.Equal(["name", "page_limit", "page_start"], parameters.Keys.Order(StringComparer.Ordinal));
        Assert.All(parameters.Values, p => Assert.False(string.IsNullOrWhiteSpace(p!["description"]?.GetValue<string>())));
        var responses = search["responses"]!.AsObject();
        Assert.Equal(["200", "400", "401", "414", "429", "431", "500", "502", "503"], responses.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.EndsWith("CustomerSummaryJson", responses["200"]!["content"]!["application/json"]!["schema"]!["items"]!["$ref"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("StatusObject", responses["401"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/customer/{customer_id}")]
    [InlineData("/jarvis-agent/n2fe/api/customer/{customer_id}")]
    public async Task Document_CustomerPath_DescribesGetAndPutWithBodyAndEnvelopes(string path)
    {
        var item = (await DocumentAsync())["paths"]![path]!;

        var get = item["get"]!;
        Assert.Equal(["200", "304", "400", "401", "404", "414", "429", "431", "500", "502", "503"], get["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.True(get["responses"]!["200"]!["headers"]!["ETag"]!["required"]!.GetValue<bool>());
        Assert.True(get["responses"]!["304"]!["headers"]!["ETag"]!["required"]!.GetValue<bool>());
        Assert.EndsWith("Refusal", get["responses"]!["404"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>(), StringComparison.Ordinal);
        var id = Assert.Single(get["parameters"]!.AsArray());
        Assert.Equal("customer_id", id!["name"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(id["description"]?.GetValue<string>()));

        var put = item["put"]!;
        Assert.Equal(["200", "400", "401", "403", "412", "413", "414", "415", "429", "431", "500", "502", "503"], put["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Contains("was changed by someone else since you read it", put["responses"]!["412"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("Refusal", put["responses"]!["412"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = put["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["oneOf"]!.AsArray();
        Assert.Equal(["#/components/schemas/StoreSuccess", "#/components/schemas/Refusal"], stored.Select(s => s!["$ref"]!.GetValue<string>()));
        var body = put["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var properties = (body["properties"] ?? ResolveSchema(await DocumentAsync(), body)["properties"])!.AsObject();
        Assert.Equal(["customer_reference", "description"], properties.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/customer/{customer_id}/history")]
    [InlineData("/jarvis-agent/n2fe/api/customer/{customer_id}/history")]
    public async Task Document_HistoryPath_DescribesItsEntriesAndPaging(string path)
    {
        var document = await DocumentAsync();
        var get = document["paths"]![path]!["get"]!;

        Assert.Equal(["customer_id", "page_limit", "page_start"], get["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["200", "400", "401", "404", "414", "429", "431", "500", "502", "503"], get["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        var entry = ResolveSchema(document, get["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["items"]!);
        Assert.Equal(["changed_at", "field", "new", "old", "token", "username", "via"], entry["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/customer.csv")]
    [InlineData("/jarvis-agent/n2fe/api/customer.csv")]
    public async Task Document_CsvPath_IsTextCsvWithTheSearchParameters(string path)
    {
        var get = (await DocumentAsync())["paths"]![path]!["get"]!;

        Assert.Equal(["name", "page_limit", "page_start"], get["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.NotNull(get["responses"]!["200"]!["content"]!["text/csv"]);
        Assert.NotNull(get["responses"]!["400"]!["content"]!["application/json"]);
        Assert.True(get["responses"]!["200"]!["headers"]!["Content-Disposition"]!["required"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Document_Schemas_WriteIdAsString()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        Assert.Equal("string", schemas["CustomerSummaryJson"]!["properties"]!["id"]!["type"]!.GetValue<string>());
        Assert.Equal("string", schemas["CustomerJson"]!["properties"]!["id"]!["type"]!.GetValue<string>());
        Assert.Equal("string", schemas["StoreSuccess"]!["properties"]!["logged_in"]!["type"]!.GetValue<string>());
    }

    /// <summary>API.md sections 2 and 7: <c>sid</c> and a history entry's <c>token</c> are left out, never null.</summary>
    [Fact]
    public async Task Document_KeysLeftOutWhenNull_AreOptionalStringsNeverNull()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        foreach (var (schema, key) in new[] { ("StatusObject", "sid"), ("CustomerHistoryJson", "token") })
        {
            Assert.Equal("\"string\"", schemas[schema]!["properties"]![key]!["type"]!.ToJsonString());
            Assert.DoesNotContain(key, schemas[schema]!["required"]!.AsArray().Select(k => k!.GetValue<string>()));
        }
    }

    /// <summary>API.md sections 4 and 9: the bodies' limits are the ones the readers apply.</summary>
    [Fact]
    public async Task Document_BodyLimits_AreTheCustomerRules()
    {
        var paths = (await DocumentAsync())["paths"]!;
        var update = paths["/api/customer/{customer_id}"]!["put"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["properties"]!;
        var create = paths["/api/customer"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["properties"]!;

        foreach (var (body, fields) in new[] { (update, CustomerRules.UpdatedFields), (create, [CustomerRules.Name, .. CustomerRules.UpdatedFields]) })
        {
            Assert.Equal(fields.Select(f => f.Key), body.AsObject().Select(p => p.Key).Where(k => k != CustomerRules.ParentKey));
            Assert.All(fields, f => Assert.Equal(f.MaxLength, body[f.Key]!["maxLength"]!.GetValue<int>()));
            Assert.All(fields, f => Assert.Contains($"at most {f.MaxLength} characters", body[f.Key]!["description"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [InlineData("/__login")]
    [InlineData("/jarvis-agent/n2fe/__login")]
    public async Task Document_LoginPost_TakesAFormOrJsonBodyAndNeedsNoCookie(string path)
    {
        var login = (await DocumentAsync())["paths"]![path]!["post"]!;

        var content = login["requestBody"]!["content"]!.AsObject().Select(c => c.Key).ToArray();
        Assert.Contains("application/x-www-form-urlencoded", content);
        Assert.Contains("application/json", content);
        Assert.Empty(login["security"]!.AsArray());
        Assert.NotNull(login["responses"]!["200"]!["headers"]!["Set-Cookie"]);
        Assert.Equal(["200", "400", "403", "413", "414", "429", "431", "500", "502", "503"], login["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.True(login["responses"]!["429"]!["headers"]!["Retry-After"]!["required"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Document_CookieOrApiToken_IsRequiredByEveryCustomerOperation()
    {
        var document = await DocumentAsync();

        var scheme = document["components"]!["securitySchemes"]!["N2FE_CGISESSID"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("cookie", scheme["in"]!.GetValue<string>());
        var customerOperations = document["paths"]!.AsObject().Where(p => p.Key.Contains("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Select(o => o.Value!)).ToList();
        Assert.NotEmpty(customerOperations);
        Assert.All(customerOperations, o => Assert.Equal("""[{"N2FE_CGISESSID":[]},{"ApiToken":[]}]""", o["security"]!.ToJsonString()));
    }

    [Fact]
    public async Task Document_BearerScheme_IsDeclared_AndStatusAcceptsIt_ButLoginAndLogoutDoNot()
    {
        var document = await DocumentAsync();

        var scheme = document["components"]!["securitySchemes"]!["ApiToken"]!;
        Assert.Equal(("http", "bearer"), (scheme["type"]!.GetValue<string>(), scheme["scheme"]!.GetValue<string>()));
        foreach (var basePath in new[] { "", "/jarvis-agent/n2fe" })
        {
            var status = document["paths"]![$"{basePath}/__status"]!["get"]!;
            Assert.Equal("""[{},{"N2FE_CGISESSID":[]},{"ApiToken":[]}]""", status["security"]!.ToJsonString());
            Assert.Equal(["200", "401", "414", "429", "431", "500", "502", "503"], status["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
            Assert.DoesNotContain("ApiToken", document["paths"]![$"{basePath}/__login"]!["post"]!["security"]?.ToJsonString() ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("ApiToken", document["paths"]![$"{basePath}/__logout"]!["post"]!["security"]!.ToJsonString(), StringComparison.Ordinal);
            var put = document["paths"]![$"{basePath}/api/customer/{{customer_id}}"]!["put"]!;
            Assert.Contains("This token may only read.", put["responses"]!["403"]!.ToJsonString(), StringComparison.Ordinal);
            Assert.Contains("Invalid or expired token.", put["responses"]!["401"]!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Document_OperationIds_AreUniqueAndServersHaveNoTrailingSlash()
    {
        var document = await DocumentAsync();

        var ids = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]?.GetValue<string>())).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(document["servers"]!.AsArray(), s => Assert.False(s!["url"]!.GetValue<string>().EndsWith('/')));
    }

    private static JsonNode ResolveSchema(JsonNode document, JsonNode schema) =>
        document["components"]!["schemas"]![schema["$ref"]!.GetValue<string>().Split('/')[^1]]!;
}
