using System.Net;
using Jarvis.Portal.Commands;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Operations;

/// <summary>Every <c>users</c> command against a real SQLite file (the demo database), including each refusal.</summary>
public sealed class UsersCommandTests : IAsyncLifetime
{
    private readonly DatabaseFile _database = new();

    [Fact]
    public async Task List_ShowsEveryUserWithTypeCustomerStateAndGroups_AndNoPasswordHash()
    {
        var run = await Users(null, "list");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches("^NAME +TYPE +CUSTOMER +STATE +GROUPS$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^su +SMF +- +active +ACS_BOSS,CCS Superuser$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^rapidity +ACS +3134 +active +"));
        Assert.DoesNotContain("pbkdf2", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_SmfUserWithPasswordOnStandardInput_CanLogInToThePortal()
    {
        var run = await Users("Night-Shift-2026\n", "add", "nightops", "--type", "smf", "--group", "ACS_BOSS_READ", "ACS_READ");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Added nightops (SMF; groups: ACS_BOSS_READ, ACS_READ)", run.Out.Trim());
        Assert.Equal(("SMF", DBNull.Value), Row("nightops"));
        Assert.Equal(1, await LoginAsync("nightops", "Night-Shift-2026"));
    }

    [Fact]
    public async Task Add_AcsUserWithCustomerAndRepeatedGroup_IsStoredWithBoth()
    {
        var run = await Users("pw-rapid-2\n", "add", "rapid2", "--type", "acs", "--customer", "3134", "--group", "ACS_WRITE", "--group", "ACS_READ");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(("ACS", (object)3134L), Row("rapid2"));
        Assert.Equal(2L, _database.Scalar("SELECT COUNT(*) FROM JARVIS_USER_GROUP g JOIN JARVIS_USER u ON u.ID = g.USER_ID WHERE u.USERNAME = 'rapid2'"));
    }

    [Theory]
    [InlineData("A user named 'su' already exists.", "add", "su", "--type", "smf", "--group", "ACS_BOSS")]
    [InlineData("An ACS user belongs to one customer: give --customer ID.", "add", "newacs", "--type", "acs", "--group", "ACS_READ")]
    [InlineData("No customer with id 999999.", "add", "newacs", "--type", "acs", "--customer", "999999", "--group", "ACS_READ")]
    [InlineData("An SMF user belongs to no customer: leave out --customer.", "add", "newsmf", "--type", "smf", "--customer", "3134", "--group", "ACS_BOSS")]
    [InlineData("Give at least one --group.", "add", "newsmf", "--type", "smf")]
    [InlineData("No user named 'nobody'.", "passwd", "nobody")]
    [InlineData("No user named 'nobody'.", "lock", "nobody")]
    [InlineData("No user named 'nobody'.", "unlock", "nobody")]
    [InlineData("No user named 'nobody'.", "groups", "nobody", "--add", "ACS_READ")]
    public async Task Refusal_ExitsWithOneAndOneLineAndChangesNothing(string message, params string[] args)
    {
        var before = Snapshot();

        var run = await Users("some-password\n", args);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
        Assert.Equal("", run.Out);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Add_WithNoPasswordOnStandardInput_IsRefused()
    {
        var run = await Users(null, "add", "nopass", "--type", "smf", "--group", "ACS_BOSS");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("No password given", run.Error, StringComparison.Ordinal);
        Assert.Null(_database.Scalar("SELECT ID FROM JARVIS_USER WHERE USERNAME = 'nopass'"));
    }

    [Theory]
    [InlineData("add", "x", "--type", "smf", "--group", "ACS_BOSS", "--password", "secret")]
    [InlineData("add", "x", "--type", "admin", "--group", "ACS_BOSS")]
    [InlineData("add", "x", "--type", "acs", "--customer", "abc", "--group", "ACS_READ")]
    [InlineData("frobnicate")]
    [InlineData("passwd")]
    public async Task BadCommandLine_ExitsWithTwoAndShowsUsage_AndChangesNothing(params string[] args)
    {
        var before = Snapshot();

        var run = await Users("secret\n", args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("usage: users list", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Passwd_SetsTheNewPassword_AndEndsTheUsersLiveSessions()
    {
        await using var portal = new PortalFactory(_database);
        using var client = portal.Client();
        var sid = await client.LoginAsync("auditor");

        var run = await Users("Auditor-New-1\n", "passwd", "auditor");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("/api/customer/3134", sid)).Status);
        Assert.Equal(0, await LoginAsync("auditor", "auditor-demo"));
        Assert.Equal(1, await LoginAsync("auditor", "Auditor-New-1"));
    }

    [Fact]
    public async Task Lock_EndsTheUsersLiveSessionsAndRefusesLogin_UnlockLetsThemBackIn()
    {
        await using var portal = new PortalFactory(_database);
        using var client = portal.Client();
        var sid = await client.LoginAsync("rapidity");

        var locked = await Users(null, "lock", "rapidity");

        Assert.Equal(0, locked.ExitCode);
        Assert.Contains("Locked rapidity (ACS, customer 3134, locked;", locked.Out, StringComparison.Ordinal);
        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM JARVIS_SESSION s JOIN JARVIS_USER u ON u.ID = s.USER_ID WHERE u.USERNAME = 'rapidity'"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("/api/customer/3134", sid)).Status);
        Assert.Equal(0, await LoginAsync("rapidity", "rapidity-demo"));

        var unlocked = await Users(null, "unlock", "rapidity");

        Assert.Equal(0, unlocked.ExitCode);
        Assert.Equal(1, await LoginAsync("rapidity", "rapidity-demo"));
    }

    [Fact]
    public async Task Groups_AddsAndRemoves_AndWarnsWhenNoneLetsTheUserLogIn()
    {
        var changed = await Users(null, "groups", "operator", "--add", "ACS_BOSS_READ", "--remove", "ACS_READ");
        var emptied = await Users(null, "groups", "operator", "--remove", "ACS_BOSS_READ", "--add", "CCS Operator");

        Assert.Equal(0, changed.ExitCode);
        Assert.Contains("groups: ACS_BOSS_READ)", changed.Out, StringComparison.Ordinal);
        Assert.Equal(0, emptied.ExitCode);
        Assert.Contains("Note: none of these groups may log in", emptied.Out, StringComparison.Ordinal);
        Assert.Equal("CCS Operator", _database.Scalar("SELECT group_concat(GROUP_NAME) FROM JARVIS_USER_GROUP g JOIN JARVIS_USER u ON u.ID = g.USER_ID WHERE u.USERNAME = 'operator'"));
    }

    /// <summary>Every test starts on the demo database, created and seeded by a first command.</summary>
    public async Task InitializeAsync() => Assert.Equal(0, (await Users(null, "list")).ExitCode);

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    private Task<CommandRunner.Outcome> Users(string? stdin, params string[] args) =>
        CommandRunner.RunAsync(_database, stdin, ["users", .. args]);

    private (string, object) Row(string username)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT USER_TYPE, CUSTOMER_ID FROM JARVIS_USER WHERE USERNAME = '{username}'";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no user {username}");
        return (reader.GetString(0), reader.GetValue(1));
    }

    private string Snapshot() =>
        $"{_database.Scalar("SELECT group_concat(USERNAME || ':' || LOCKED || ':' || PASSWORD_HASH, ';') FROM (SELECT * FROM JARVIS_USER ORDER BY ID)")}" +
        $"|{_database.Scalar("SELECT group_concat(USER_ID || ':' || GROUP_NAME, ';') FROM (SELECT * FROM JARVIS_USER_GROUP ORDER BY USER_ID, GROUP_NAME)")}";

    /// <summary>logged_in of an API login with the password, on a portal over the same file.</summary>
    private async Task<int> LoginAsync(string username, string password)
    {
        await using var portal = new PortalFactory(_database);
        using var client = portal.Client();
        var (_, json) = await ApiClient.ReadAsync(await client.Http.PostAsync("/__login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = username, ["password"] = password })));
        return json["logged_in"]!.GetValue<int>();
    }
}
