using System.Text;
using System.Text.Json.Nodes;
using Jarvis.Portal.Infrastructure;

namespace Jarvis.Portal.Tests.Api;

/// <summary>
/// What a real Kestrel answers before or instead of the portal's middleware (API.md section 6: every API answer carries
/// the protective headers, and the envelope wherever Kestrel leaves the portal a say).
/// </summary>
public sealed class KestrelAnswerTests(KestrelPortal portal) : IClassFixture<KestrelPortal>
{
    private const string Anonymous = """{"message":"%","success":0,"group_list":"","logged_in":"0","error_string":"","username":""}""";

    private static string Get(string target, IEnumerable<string>? headers = null) =>
        $"GET {target} HTTP/1.1\r\nHost: localhost\r\n{string.Concat((headers ?? []).Select(h => h + "\r\n"))}Connection: close\r\n\r\n";

    [Theory]
    [InlineData("/api/customer/3134")]
    [InlineData("/jarvis-agent/n2fe/api/customer")]
    public async Task ApiRequest_With101HeaderFields_Answers431WithTheEnvelopeAndHeaders(string path)
    {
        // Host and Connection are two of them.
        var answer = await portal.SendRawAsync(Get(path, Enumerable.Range(0, 99).Select(i => $"X-Filler-{i}: y")));

        Assert.Equal(431, answer.Status);
        Json.Equal(Anonymous.Replace("%", RequestSizeLimits.TooManyHeaders), JsonNode.Parse(answer.Body));
        AssertProtectiveHeaders(answer);
    }

    [Fact]
    public async Task ApiRequest_WithExactly100HeaderFields_IsAnswered()
    {
        var answer = await portal.SendRawAsync(Get("/api/customer/3134", Enumerable.Range(0, 98).Select(i => $"X-Filler-{i}: y")));

        Assert.Equal(401, answer.Status);
        AssertProtectiveHeaders(answer);
    }

    [Fact]
    public async Task ApiRequest_With2000ShortHeaderFields_StillGetsThePortalsEnvelope()
    {
        var answer = await portal.SendRawAsync(Get("/api/customer", Enumerable.Range(0, 2000).Select(i => $"X{i}: y")));

        Assert.Equal(431, answer.Status);
        Assert.Equal(RequestSizeLimits.TooManyHeaders, JsonNode.Parse(answer.Body)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApiRequest_WithA40KiBHeader_Answers431WithTheEnvelope()
    {
        var answer = await portal.SendRawAsync(Get("/api/customer", [$"X-Big: {new string('y', 40 * 1024)}"]));

        Assert.Equal(431, answer.Status);
        Assert.Equal(RequestSizeLimits.HeadersTooLarge, JsonNode.Parse(answer.Body)!["message"]!.GetValue<string>());
        AssertProtectiveHeaders(answer);
    }

    /// <summary>
    /// Refused by Kestrel's parser, where no portal code runs and Kestrel offers no hook to shape the answer: 400, never a
    /// 500, no Server header, the connection closed; the body is empty and the protective headers missing
    /// (docs/DECISIONS.md, "Answers Kestrel makes itself"). If a Kestrel release lets these through, this fails and
    /// the portal's own middleware must answer them.
    /// </summary>
    [Theory]
    [InlineData("GET /api/customer/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n")]
    [InlineData("GET /jarvis-agent/n2fe/api/customer/3134%00 HTTP/1.1\r\nHost: localhost\r\n\r\n")]
    [InlineData("GET /api/customer HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\rb\r\n\r\n")]
    [InlineData("GET /api/customer HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\0b\r\n\r\n")]
    [InlineData("GET /api/customer HTTP/1.1\r\nHost: localhost\r\nX Bad: a\r\n\r\n")]
    [InlineData("GET /api/customer HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n")]
    [InlineData("GET /api/cust omer HTTP/1.1\r\nHost: localhost\r\n\r\n")]
    [InlineData("GET api/customer HTTP/1.1\r\nHost: localhost\r\n\r\n")]
    public async Task RequestKestrelsParserRefuses_Answers400WithNoBodyAndClosesTheConnection(string request)
    {
        var answer = await portal.SendRawAsync(request);

        Assert.Equal(400, answer.Status);
        Assert.Equal("", answer.Body);
        Assert.Equal("close", answer.Headers["connection"]);
        Assert.False(answer.Headers.ContainsKey("server"));
    }

    private static void AssertProtectiveHeaders(RawAnswer answer)
    {
        Assert.Equal("nosniff", answer.Headers["x-content-type-options"]);
        Assert.Equal("same-origin", answer.Headers["referrer-policy"]);
        Assert.Contains("default-src 'self'", answer.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", answer.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("no-store", answer.Headers["cache-control"]);
        Assert.False(answer.Headers.ContainsKey("server"));
    }
}
