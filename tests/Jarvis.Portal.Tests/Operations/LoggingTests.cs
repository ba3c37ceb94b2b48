using System.Net;
using System.Text.Json;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Operations;

/// <summary>
/// Logs with Logging:Console:FormatterName=json: a line per request with path, status, time, trace id and user; a line
/// per login, failed login and customer change; never a password, a session id, a body or a field's value.
/// </summary>
public sealed class LoggingTests
{
    private const string WrongPassword = "Wrong-Secret-42";
    private const string NewReference = "SECRET-REF-77";
    private const string NewDescription = "free text: call Mr Smith on 555 0100";

    [Fact]
    public async Task JsonConsole_LoginFailedLoginSearchAndChange_CarryWhoWhatAndNoSecret()
    {
        ConsoleCapture? console = null;
        await using var portal = FreshPortal.Start(
            ConsoleCapture.Into(c => console = c),
            new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = "json" });
        var client = portal.Client;

        using (var failed = await client.Http.PostAsync("/__login", new FormUrlEncodedContent(
                   new Dictionary<string, string> { ["username"] = "su", ["password"] = WrongPassword })))
        {
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var sid = await client.LoginAsync("su");
        using (var search = await client.GetAsync("/api/customer?name=rapidity", sid))
        {
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        }

        var (status, _) = await client.PutAsync("/api/customer/3134", sid,
            JsonSerializer.Serialize(new { customer_reference = NewReference, description = NewDescription }));
        Assert.Equal(HttpStatusCode.OK, status);

        var text = console!.Text;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        var put = Assert.Single(lines, l => Category(l) == "Jarvis.Requests" && State(l, "Method") == "PUT");
        Assert.Equal("/api/customer/3134", State(put, "Path"));
        Assert.Equal("200", State(put, "StatusCode"));
        Assert.Equal("su", State(put, "UserName"));
        Assert.Matches("^[0-9a-f]{32}$", State(put, "TraceId"));
        Assert.True(double.Parse(State(put, "ElapsedMs")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var searchLine = Assert.Single(lines, l => Category(l) == "Jarvis.Requests" && State(l, "Method") == "GET" && State(l, "Path") == "/api/customer");
        Assert.Equal("su", State(searchLine, "UserName"));

        var audit = lines.Where(l => Category(l) == "Jarvis.Audit").ToList();
        var failedLine = Assert.Single(audit, l => State(l, "Outcome") == "invalid");
        Assert.Equal("su", State(failedLine, "UserName"));
        Assert.Single(audit, l => l.GetProperty("Message").GetString() == "Login succeeded for su");
        var change = Assert.Single(audit, l => State(l, "CustomerId") == "3134");
        Assert.Equal("su", State(change, "UserName"));
        Assert.Equal("customer_reference,description", State(change, "ChangedFields"));

        foreach (var secret in new[] { "su-demo", WrongPassword, sid, NewReference, "call Mr Smith", "name=rapidity" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    private static string? Category(JsonElement line) => line.GetProperty("Category").GetString();

    private static string? State(JsonElement line, string name) =>
        line.TryGetProperty("State", out var state) && state.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}
