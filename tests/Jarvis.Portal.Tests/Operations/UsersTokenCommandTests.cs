using System.Net;
using System.Text.RegularExpressions;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Operations;

/// <summary><c>users token add|list|revoke</c> (API.md section 10) against a real SQLite file, and the token over HTTP.</summary>
public sealed class UsersTokenCommandTests : IAsyncLifetime
{
    private readonly DatabaseFile _database = new();

    [Fact]
    public async Task Add_PrintsTheTokenAloneOnce_StoresOnlyItsHash_AndTheTokenWorksOverHttp()
    {
        var run = await Users("token", "add", "rapidity", "nightly-sync");

        Assert.Equal(0, run.ExitCode);
        var token = run.Out.Trim();
        Assert.Matches("^jrv_[A-Za-z0-9_-]{43}$", token);
        Assert.Contains("Made API token 'nightly-sync' for rapidity (read-write, does not expire)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(token, run.Error, StringComparison.Ordinal);
        Assert.Equal(0L, _database.Scalar($"SELECT COUNT(*) FROM JARVIS_API_TOKEN WHERE TOKEN_HASH LIKE '%{token[4..]}%' OR NAME LIKE '%{token[4..]}%'"));
        Assert.Equal(64L, _database.Scalar("SELECT length(TOKEN_HASH) FROM JARVIS_API_TOKEN WHERE NAME = 'nightly-sync'"));
        var (status, json) = await GetAsync("/__status", token);
        Assert.Equal(HttpStatusCode.OK, status);
        Api.Json.Equal("""{"logged_in":1,"username":"rapidity","error_string":"","group_list":"AcsPermissionLevel6"}""", json);
    }

    [Fact]
    public async Task Add_ReadOnlyWithExpiry_IsListedSo_AndRefusesWrites()
    {
        var run = await Users("token", "add", "su", "reports", "--read-only", "--expires", "30");
        var list = await Users("token", "list", "su");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"\(read-only, expires \d{4}-\d\d-\d\d \d\d:\d\d UTC\)", run.Error);
        Assert.Equal(0, list.ExitCode);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^NAME +ACCESS +CREATED \(UTC\) +EXPIRES \(UTC\) +LAST USED \(UTC\) +STATE$", lines[0]);
        Assert.Matches(@"^reports +read-only +\d{4}-\d\d-\d\d \d\d:\d\d +\d{4}-\d\d-\d\d \d\d:\d\d +never +active$", lines[1]);
        Assert.Equal(2, lines.Length);
        await using var portal = new PortalFactory(_database);
        using var client = portal.Client();
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/customer/1551") { Content = ApiClient.Body("""{"customer_reference":"X"}""", "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {run.Out.Trim()}");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task List_NeverShowsATokenOrItsHash_AndShowsLastUseAndRevokedState()
    {
        var kept = (await Users("token", "add", "auditor", "kept")).Out.Trim();
        var gone = (await Users("token", "add", "auditor", "gone")).Out.Trim();
        await GetAsync("/api/customer/3134", kept);
        await Users("token", "revoke", "auditor", "gone");

        var list = await Users("token", "list", "auditor");

        var hashes = _database.Scalar("SELECT group_concat(TOKEN_HASH) FROM JARVIS_API_TOKEN")!.ToString()!.Split(',');
        Assert.DoesNotContain(kept[4..], list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(gone[4..], list.Out, StringComparison.Ordinal);
        Assert.All(hashes, h => Assert.DoesNotContain(h, list.Out, StringComparison.Ordinal));
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^gone +read-write +\S+ \S+ +never +never +revoked$", lines[1]);
        Assert.Matches(@"^kept +read-write +\S+ \S+ +never +\d{4}-\d\d-\d\d \d\d:\d\d +active$", lines[2]);
    }

    [Fact]
    public async Task Revoke_StopsTheTokenAtOnce_OnARunningPortal()
    {
        var token = (await Users("token", "add", "su", "ci")).Out.Trim();
        await using var portal = new PortalFactory(_database);
        using var client = portal.Client();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "/api/customer/3134", token)).Status);

        var run = await Users("token", "revoke", "su", "ci");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Revoked API token 'ci' of su: it is refused from now on.", run.Out.Trim());
        var (status, json) = await SendAsync(client, "/api/customer/3134", token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Invalid or expired token.", json["error_string"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lock_StopsTheUsersTokens_UnlockBringsThemBack()
    {
        var token = (await Users("token", "add", "rapidity", "ci")).Out.Trim();

        await Users("lock", "rapidity");
        var whileLocked = (await GetAsync("/api/customer/3134", token)).Status;
        await Users("unlock", "rapidity");

        Assert.Equal(HttpStatusCode.Unauthorized, whileLocked);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/customer/3134", token)).Status);
    }

    [Theory]
    [InlineData("No user named 'nobody'.", "token", "add", "nobody", "ci")]
    [InlineData("No user named 'nobody'.", "token", "list", "nobody")]
    [InlineData("No user named 'nobody'.", "token", "revoke", "nobody", "ci")]
    [InlineData("No live token named 'never-made'.", "token", "revoke", "su", "never-made")]
    [InlineData("A token expires after 1 to 3650 days.", "token", "add", "su", "ci", "--expires", "0")]
    [InlineData("A token expires after 1 to 3650 days.", "token", "add", "su", "ci", "--expires", "-3")]
    [InlineData("A token expires after 1 to 3650 days.", "token", "add", "su", "ci", "--expires", "3651")]
    [InlineData("A token name is 1 to 64 characters, without control characters or surrounding spaces.", "token", "add", "su", " ci")]
    public async Task Refusal_ExitsWithOneAndOneLineAndStoresNothing(string message, params string[] args)
    {
        var run = await Users(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
        Assert.Equal("", run.Out);
        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM JARVIS_API_TOKEN"));
    }

    [Fact]
    public async Task Add_SecondLiveTokenOfTheSameName_IsRefused()
    {
        await Users("token", "add", "su", "ci");

        var run = await Users("token", "add", "su", "ci");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("A live token named 'ci' already exists: revoke it or choose another name.", run.Error.Trim());
        Assert.Equal(1L, _database.Scalar("SELECT COUNT(*) FROM JARVIS_API_TOKEN"));
    }

    [Theory]
    [InlineData("token")]
    [InlineData("token", "add", "su")]
    [InlineData("token", "add", "su", "ci", "--expires")]
    [InlineData("token", "add", "su", "ci", "--expires", "soon")]
    [InlineData("token", "add", "su", "ci", "--read-only", "extra")]
    [InlineData("token", "add", "su", "ci", "--forever")]
    [InlineData("token", "list")]
    [InlineData("token", "revoke", "su")]
    [InlineData("token", "show", "su", "ci")]
    public async Task BadCommandLine_ExitsWithTwoAndShowsUsage_AndStoresNothing(params string[] args)
    {
        var run = await Users(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("users token add NAME TOKEN_NAME [--read-only] [--expires DAYS]", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM JARVIS_API_TOKEN"));
    }

    public async Task InitializeAsync() => Assert.Equal(0, (await Users("list")).ExitCode);

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    private Task<CommandRunner.Outcome> Users(params string[] args) => CommandRunner.RunAsync(_database, null, ["users", .. args]);

    private async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Json)> GetAsync(string path, string token)
    {
        await using var portal = new PortalFactory(_database);
        using var client = portal.Client();
        return await SendAsync(client, path, token);
    }

    private static async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Json)> SendAsync(ApiClient client, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        return await ApiClient.ReadAsync(await client.Http.SendAsync(request));
    }
}
