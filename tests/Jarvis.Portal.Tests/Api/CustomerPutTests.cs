using System.Net;
using System.Text;

namespace Jarvis.Portal.Tests.Api;

/// <summary>The PUT example of customer-api.txt and every PUT rule and refusal of API.md section 4, each on a fresh database.</summary>
public sealed class CustomerPutTests
{
    private const string SpecBody = """
        {
          "customer_reference": "430184/B"
          , "description": "This is a test update"
        }
        """;

    private const string Original3134 = """{"id":"3134","name":"Rapidity Inc","customer_reference":"430184/A","description":null}""";

    private static string Success(int modified, string username = "su", string groups = Json.SuGroups) =>
        $$"""{"username":"{{username}}","success":1,"error_string":"","group_list":"{{groups}}","modified":{{modified}},"logged_in":"1"}""";

    [Theory]
    [InlineData("")]
    [InlineData("/jarvis-agent/n2fe")]
    public async Task Put_SpecExample_ReturnsTheSpecSuccessAndStoresTheValues(string basePath)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su", basePath);

        var (status, json) = await portal.Client.PutAsync($"{basePath}/api/customer/3134", sid, SpecBody);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal("""
            {
               "username" : "su",
               "success" : 1,
               "error_string" : "",
               "group_list" : "ACS_BOSS,CCS Superuser",
               "modified" : 1,
               "logged_in" : "1"
            }
            """, json);
        var (_, stored) = await portal.Client.GetJsonAsync($"{basePath}/api/customer/3134", sid);
        Json.Equal("""{"id":"3134","name":"Rapidity Inc","customer_reference":"430184/B","description":"This is a test update"}""", stored);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/jarvis-agent/n2fe")]
    public async Task Put_SpecErrorExample_ReferenceTooLong_ReturnsTheSpecRefusalAndChangesNothing(string basePath)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await portal.Client.PutAsync(
            $"{basePath}/api/customer/3134", sid, $$"""{"customer_reference":"{{new string('R', 51)}}","description":"x"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal("""
            {
               "message" : "Customer reference is too long",
               "success" : 0,
               "group_list" : "ACS_BOSS,CCS Superuser",
               "logged_in" : "1",
               "error_string" : "",
               "username" : "su"
            }
            """, json);
        Json.Equal(Original3134, (await portal.Client.GetJsonAsync("/api/customer/3134", sid)).Json);
    }

    [Fact]
    public async Task Put_NonexistentIdAsSu_ReturnsSuccessWithModifiedZero()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await portal.Client.PutAsync("/api/customer/99", sid, SpecBody);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal(Success(0), json);
    }

    [Fact]
    public async Task Put_MissingKeysNullsEmptyStringsAndUnknownKeys_StoreNullAndIgnoreTheRest()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (_, onlyDescription) = await portal.Client.PutAsync("/api/customer/1551", sid, """{"description":"kept","colour":"blue","id":"1"}""");
        var (_, afterMissing) = await portal.Client.GetJsonAsync("/api/customer/1551", sid);
        var (_, nullAndEmpty) = await portal.Client.PutAsync("/api/customer/2001", sid, """{"customer_reference":null,"description":""}""");
        var (_, afterNulls) = await portal.Client.GetJsonAsync("/api/customer/2001", sid);

        Json.Equal(Success(1), onlyDescription);
        Json.Equal("""{"id":"1551","name":"Rapidity Locators Inc","customer_reference":null,"description":"kept"}""", afterMissing);
        Json.Equal(Success(1), nullAndEmpty);
        Json.Equal("""{"id":"2001","name":"100% Kiwi Ltd","customer_reference":null,"description":null}""", afterNulls);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;Charset=\"UTF-8\"")]
    public async Task Put_JsonContentTypeWithOrWithoutCharset_IsAccepted(string contentType)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await portal.Client.PutAsync("/api/customer/3134", sid, SpecBody, contentType);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal(Success(1), json);
    }

    [Fact]
    public async Task Put_Latin1Charset_IsDecodedAsDeclared()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var body = Encoding.Latin1.GetBytes("""{"customer_reference":"CAFÉ-1","description":"Ñandú"}""");

        using var response = await portal.Client.SendAsync(HttpMethod.Put, "/api/customer/3134", sid, ApiClient.Body(body, "application/json; charset=iso-8859-1"));
        var (status, _) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal("""{"id":"3134","name":"Rapidity Inc","customer_reference":"CAFÉ-1","description":"Ñandú"}""",
            (await portal.Client.GetJsonAsync("/api/customer/3134", sid)).Json);
    }

    [Theory]
    [InlineData("""{"customer_reference":"430184/B","description":"x"}""", "Customer reference '430184/B' is already in use by another customer")]
    [InlineData("""{"customer_reference":"118822/C","description":"x"}""", "Customer reference '118822/C' is already in use by another customer")]
    [InlineData("""{"customer_reference":"A\u0001B"}""", "Customer reference must not contain control characters")]
    [InlineData("""{"customer_reference":42}""", "customer_reference must be a string or null")]
    [InlineData("""{"customer_reference":true,"description":"x"}""", "customer_reference must be a string or null")]
    [InlineData("""{"customer_reference":["a"]}""", "customer_reference must be a string or null")]
    [InlineData("""{"customer_reference":"ok","description":{"a":1}}""", "description must be a string or null")]
    [InlineData("""{"description":1.5}""", "description must be a string or null")]
    public async Task Put_RefusedChange_ReturnsRefusalEnvelopeWith200AndChangesNothing(string body, string message)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        // 430184/B belongs to another customer first, so that 3134 cannot take it.
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.PutAsync("/api/customer/2002", sid, """{"customer_reference":"430184/B"}""")).Status);

        var (status, json) = await portal.Client.PutAsync("/api/customer/3134", sid, body);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal(Json.Refusal(message, "su", Json.SuGroups), json);
        Json.Equal(Original3134, (await portal.Client.GetJsonAsync("/api/customer/3134", sid)).Json);
    }

    [Fact]
    public async Task Put_DescriptionTooLong_IsRefusedButExactlyTheLimitIsStored()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (_, tooLong) = await portal.Client.PutAsync("/api/customer/3134", sid, $$"""{"description":"{{new string('d', 256)}}"}""");
        var (_, unchanged) = await portal.Client.GetJsonAsync("/api/customer/3134", sid);
        var (_, atLimit) = await portal.Client.PutAsync("/api/customer/3134", sid, $$"""{"customer_reference":"{{new string('r', 50)}}","description":"{{new string('d', 255)}}"}""");

        Json.Equal(Json.Refusal("Description is too long", "su", Json.SuGroups), tooLong);
        Json.Equal(Original3134, unchanged);
        Json.Equal(Success(1), atLimit);
    }

    public static TheoryData<string, string?, HttpStatusCode, string> MalformedRequests => new()
    {
        { "", "application/json", HttpStatusCode.BadRequest, "The request body is empty: send a JSON object with customer_reference and description." },
        { "   \r\n ", "application/json", HttpStatusCode.BadRequest, "The request body is empty: send a JSON object with customer_reference and description." },
        { "{", "application/json", HttpStatusCode.BadRequest, "The request body is not valid JSON: send a JSON object with customer_reference and description." },
        { "{\"customer_reference\":\"x\",}", "application/json", HttpStatusCode.BadRequest, "The request body is not valid JSON: send a JSON object with customer_reference and description." },
        { "{'customer_reference':'x'}", "application/json", HttpStatusCode.BadRequest, "The request body is not valid JSON: send a JSON object with customer_reference and description." },
        { "{\"customer_reference\":\"a\",\"customer_reference\":\"b\"}", "application/json", HttpStatusCode.BadRequest, "The request body is not valid JSON: send a JSON object with customer_reference and description." },
        { "{} {}", "application/json", HttpStatusCode.BadRequest, "The request body is not valid JSON: send a JSON object with customer_reference and description." },
        { "customer_reference=x", "application/json", HttpStatusCode.BadRequest, "The request body is not valid JSON: send a JSON object with customer_reference and description." },
        { "[{\"customer_reference\":\"x\"}]", "application/json", HttpStatusCode.BadRequest, "The request body must be a JSON object with customer_reference and description." },
        { "null", "application/json", HttpStatusCode.BadRequest, "The request body must be a JSON object with customer_reference and description." },
        { "\"x\"", "application/json", HttpStatusCode.BadRequest, "The request body must be a JSON object with customer_reference and description." },
        { "42", "application/json", HttpStatusCode.BadRequest, "The request body must be a JSON object with customer_reference and description." },
        { SpecBody, null, HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json." },
        { SpecBody, "text/plain", HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json." },
        { SpecBody, "text/json", HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json." },
        { SpecBody, "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json." },
        { SpecBody, "application/json; charset=no-such-charset", HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json." },
        { $$"""{"customer_reference":"x","description":"{{new string('d', 64 * 1024)}}"}""", "application/json", HttpStatusCode.RequestEntityTooLarge, "The request body is larger than 64 KiB." },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Put_MalformedRequest_ReturnsItsStatusWithRefusalEnvelopeAndChangesNothing(
        string body, string? contentType, HttpStatusCode expectedStatus, string message)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        foreach (var basePath in new[] { "", "/jarvis-agent/n2fe" })
        {
            using var response = await portal.Client.SendAsync(HttpMethod.Put, $"{basePath}/api/customer/3134", sid, ApiClient.Body(body, contentType));
            var (status, json) = await ApiClient.ReadAsync(response);

            Assert.Equal(expectedStatus, status);
            Json.Equal(Json.Refusal(message, "su", Json.SuGroups), json);
        }

        Json.Equal(Original3134, (await portal.Client.GetJsonAsync("/api/customer/3134", sid)).Json);
    }

    [Fact]
    public async Task Put_InvalidUtf8_Returns400AndChangesNothing()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        byte[] body = [.. "{\"customer_reference\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        using var response = await portal.Client.SendAsync(HttpMethod.Put, "/api/customer/3134", sid, ApiClient.Body(body, "application/json"));
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Json.Equal(Json.Refusal("The request body is not valid JSON: send a JSON object with customer_reference and description.", "su", Json.SuGroups), json);
        Json.Equal(Original3134, (await portal.Client.GetJsonAsync("/api/customer/3134", sid)).Json);
    }

    [Fact]
    public async Task Put_BodyOfExactly64KiB_IsReadAndJudgedByTheRules()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var padding = new string(' ', 64 * 1024 - SpecBody.Length);

        var (status, json) = await portal.Client.PutAsync("/api/customer/3134", sid, SpecBody + padding);

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal(Success(1), json);
    }

    [Fact]
    public async Task Put_ChunkedBodyOver64KiB_Returns413AndChangesNothing()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var big = Encoding.UTF8.GetBytes($$"""{"customer_reference":"x","description":"{{new string('d', 100_000)}}"}""");
        var content = new UnknownLengthContent(big);
        content.Headers.ContentType = new("application/json");
        Assert.Null(content.Headers.ContentLength);

        using var response = await portal.Client.SendAsync(HttpMethod.Put, "/api/customer/3134", sid, content);
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Json.Equal(Json.Refusal("The request body is larger than 64 KiB.", "su", Json.SuGroups), json);
        Json.Equal(Original3134, (await portal.Client.GetJsonAsync("/api/customer/3134", sid)).Json);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("9223372036854775808")]
    public async Task Put_InvalidId_Returns400Envelope(string id)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await portal.Client.PutAsync($"/api/customer/{id}", sid, SpecBody);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Json.Equal(Json.Refusal("customer_id must be a positive whole number.", "su", Json.SuGroups), json);
    }

    [Fact]
    public async Task Put_WithoutSession_Returns401AndChangesNothing()
    {
        await using var portal = FreshPortal.Start();

        var (status, json) = await portal.Client.PutAsync("/jarvis-agent/n2fe/api/customer/3134", null, SpecBody);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Json.Equal("""{"logged_in":0,"username":"","error_string":"Login required.","group_list":""}""", json);
        var sid = await portal.Client.LoginAsync("su");
        Json.Equal(Original3134, (await portal.Client.GetJsonAsync("/api/customer/3134", sid)).Json);
    }

    /// <summary>A body sent without Content-Length, so that the server only learns its size by reading it.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
