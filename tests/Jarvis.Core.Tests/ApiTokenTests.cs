using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Tests;

/// <summary>API.md section 10: API tokens are made, hashed, checked, expired, revoked, read-only, and counted by the throttle.</summary>
public sealed class ApiTokenTests
{
    private const long Su = 1;
    private const long Rapidity = 3;
    private const string Elsewhere = "198.51.100.7";

    private static ApiTokenStore TokensOf(TestDatabase db) => new(db.Database, db.Policy, db.Throttle, db.Time);

    private static async Task<string> MakeAsync(TestDatabase db, long userId, string name = "ci", bool readOnly = false, int? days = null) =>
        Assert.IsType<ApiTokenResult.Created>(await TokensOf(db).CreateAsync(userId, name, readOnly, days)).Token;

    private static async Task<JarvisUser> AcceptedAsync(TestDatabase db, string token) =>
        Assert.IsType<TokenCheck.Accepted>(await TokensOf(db).CheckAsync(token, TestDatabase.Address)).User;

    [Fact]
    public async Task Create_GivesJrvAnd32RandomBytesInBase64Url_EachTimeAnother()
    {
        await using var db = await TestDatabase.CreateAsync();

        var first = await MakeAsync(db, Su, "one");
        var second = await MakeAsync(db, Su, "two");

        Assert.Matches("^jrv_[A-Za-z0-9_-]{43}$", first);
        Assert.Equal(32, Convert.FromBase64String(first[4..].Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Create_StoresOnlyTheSha256OfTheToken()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Su);

        await using var connection = await db.Database.OpenAsync();
        var row = await connection.QuerySingleAsync<(string Name, string Hash, long UserId)>(
            "SELECT NAME, TOKEN_HASH, USER_ID FROM JARVIS_API_TOKEN");
        var everyText = string.Join("|", await connection.QueryAsync<string>(
            "SELECT NAME || ':' || TOKEN_HASH || ':' || CREATED_AT || ':' || COALESCE(EXPIRES_AT, '') FROM JARVIS_API_TOKEN"));

        Assert.Equal(("ci", Su), (row.Name, row.UserId));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token))), row.Hash);
        Assert.DoesNotContain(token[4..], everyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("su", 1L)]
    [InlineData("auditor", 2L)]
    [InlineData("rapidity", 3L)]
    [InlineData("rapidity-view", 4L)]
    [InlineData("operator", 5L)]
    public async Task Check_LiveToken_ActsAsItsUserWithTheSameGroupsAndScopeAsASession(string username, long userId)
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, userId, "script");

        var user = await AcceptedAsync(db, token);

        var login = Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync(username, $"{username}-demo", TestDatabase.Address));
        Assert.Equal((login.User.Id, login.User.Username, login.User.Type, login.User.OwnCustomerId), (user.Id, user.Username, user.Type, user.OwnCustomerId));
        Assert.Equal(login.User.Groups, user.Groups);
        Assert.Equal("script", user.TokenName);
        Assert.False(user.TokenReadOnly);
        Assert.Equal(db.Policy.ScopeFor(login.User), db.Policy.ScopeFor(user));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("jrv_")]
    [InlineData("jrv_short")]
    [InlineData("JRV_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // prefix in the wrong case
    [InlineData("xyz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // wrong prefix
    [InlineData("jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // one character too many
    [InlineData("jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // one too few
    [InlineData("jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // padding
    [InlineData("jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")] // base64, not base64url
    [InlineData("jrv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // well formed, never made
    public async Task Check_MalformedOrUnknownToken_IsRefusedAndCountsAsAFailedLogin(string? token)
    {
        await using var db = await TestDatabase.CreateAsync();
        await MakeAsync(db, Su);

        Assert.IsType<TokenCheck.Refused>(await TokensOf(db).CheckAsync(token, TestDatabase.Address));

        Assert.Equal(1, await db.CountAsync($"SELECT COUNT(*) FROM JARVIS_LOGIN_FAILURE WHERE CLIENT_ADDRESS = '{TestDatabase.Address}'"));
    }

    [Fact]
    public async Task Check_ExpiredToken_IsRefusedFromTheMomentItExpires()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Su, days: 30);

        db.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        await AcceptedAsync(db, token);
        db.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.IsType<TokenCheck.Refused>(await TokensOf(db).CheckAsync(token, TestDatabase.Address));
        var info = Assert.Single(await TokensOf(db).ListAsync(Su));
        Assert.Equal(db.Time.GetUtcNow(), info.ExpiresAt);
        Assert.False(info.IsLiveAt(db.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Check_TokenWithoutExpiry_StillWorksYearsLater()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Su);

        db.Time.Advance(TimeSpan.FromDays(4000));

        await AcceptedAsync(db, token);
    }

    [Fact]
    public async Task Revoke_StopsTheTokenAtOnce_AndOnlyThatToken()
    {
        await using var db = await TestDatabase.CreateAsync();
        var revoked = await MakeAsync(db, Su, "old");
        var kept = await MakeAsync(db, Su, "new");
        await AcceptedAsync(db, revoked);

        Assert.True(await TokensOf(db).RevokeAsync(Su, "old"));

        Assert.IsType<TokenCheck.Refused>(await TokensOf(db).CheckAsync(revoked, TestDatabase.Address));
        await AcceptedAsync(db, kept);
        Assert.False(await TokensOf(db).RevokeAsync(Su, "old"));
        Assert.False(await TokensOf(db).RevokeAsync(Rapidity, "new")); // another user's token of that name: none of theirs
        var list = await TokensOf(db).ListAsync(Su);
        Assert.Equal(["new", "old"], list.Select(t => t.Name));
        Assert.Equal([null, db.Time.GetUtcNow()], list.Select(t => t.RevokedAt));
    }

    [Fact]
    public async Task Check_ReadOnlyToken_ActsAsItsUserButGrantsNoWrite()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Su, "reader", readOnly: true);

        var user = await AcceptedAsync(db, token);
        var service = db.ServiceAs(user);

        Assert.True(user.TokenReadOnly);
        Assert.Equal(new AccessScope(true, null, false), db.Policy.ScopeFor(user));
        Assert.NotNull(await service.GetAsync(3134));
        var before = await db.SnapshotAsync();
        Assert.IsType<UpdateResult.Refused>(await service.UpdateAsync(3134, new CustomerChange("X-1", null)));
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Check_TokenOfALockedUser_IsRefusedUntilTheUserIsUnlocked()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Rapidity);
        var admin = new UserAdministration(db.Database, Options.Create(db.Security));

        await admin.SetLockedAsync("rapidity", true);
        var whileLocked = await TokensOf(db).CheckAsync(token, TestDatabase.Address);
        await admin.SetLockedAsync("rapidity", false);

        Assert.IsType<TokenCheck.Refused>(whileLocked);
        await AcceptedAsync(db, token);
    }

    [Fact]
    public async Task Check_TokenOfAUserNoLongerInALoginGroup_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Rapidity);
        var admin = new UserAdministration(db.Database, Options.Create(db.Security));

        await admin.ChangeGroupsAsync("rapidity", ["CCS Operator"], ["AcsPermissionLevel6"]);

        Assert.IsType<TokenCheck.Refused>(await TokensOf(db).CheckAsync(token, TestDatabase.Address));
    }

    [Fact]
    public async Task Check_TokenOfAUserWhosePasswordChanged_StillWorks()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Rapidity);

        await new UserAdministration(db.Database, Options.Create(db.Security)).SetPasswordAsync("rapidity", "a-new-password");

        await AcceptedAsync(db, token);
    }

    [Fact]
    public async Task Check_RecordsTheLastUseAtMostOnceAMinute()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Su);
        var made = db.Time.GetUtcNow();
        Assert.Null(Assert.Single(await TokensOf(db).ListAsync(Su)).LastUsedAt);

        await AcceptedAsync(db, token);
        var first = Assert.Single(await TokensOf(db).ListAsync(Su)).LastUsedAt;
        db.Time.Advance(TimeSpan.FromSeconds(59));
        await AcceptedAsync(db, token);
        var within = Assert.Single(await TokensOf(db).ListAsync(Su)).LastUsedAt;
        db.Time.Advance(TimeSpan.FromSeconds(1));
        await AcceptedAsync(db, token);
        var after = Assert.Single(await TokensOf(db).ListAsync(Su)).LastUsedAt;

        Assert.Equal(made, first);
        Assert.Equal(made, within);
        Assert.Equal(made.AddMinutes(1), after);
    }

    [Fact]
    public async Task Check_ManyUsesWithinAMinute_FromTwoProcesses_WriteTheTokenRowOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Su);
        await db.ExecuteAsync("CREATE TABLE TOKEN_WRITES (AT INTEGER)");
        await db.ExecuteAsync("""
            CREATE TRIGGER TOKEN_WRITES_AU AFTER UPDATE ON JARVIS_API_TOKEN BEGIN
                INSERT INTO TOKEN_WRITES (AT) VALUES (new.LAST_USED_AT);
            END
            """);
        var otherProcess = new ApiTokenStore(
            new JarvisDatabase(Options.Create(db.DatabaseOptions), db.Factory), db.Policy, db.Throttle, db.Time);

        for (var i = 0; i < 20; i++)
        {
            Assert.IsType<TokenCheck.Accepted>(await (i % 2 == 0 ? TokensOf(db) : otherProcess).CheckAsync(token, TestDatabase.Address));
            db.Time.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM TOKEN_WRITES"));
    }

    [Fact]
    public async Task Create_SameNameAsALiveToken_IsRefused_ButTheNameOfARevokedOrExpiredOneIsFree()
    {
        await using var db = await TestDatabase.CreateAsync();
        var tokens = TokensOf(db);
        var first = await MakeAsync(db, Su, "nightly", days: 1);

        var duplicate = Assert.IsType<ApiTokenResult.Refused>(await tokens.CreateAsync(Su, "nightly", false, null));
        var otherUser = await tokens.CreateAsync(Rapidity, "nightly", false, null);
        db.Time.Advance(TimeSpan.FromDays(1));
        var afterExpiry = await MakeAsync(db, Su, "nightly");
        await tokens.RevokeAsync(Su, "nightly");
        var afterRevoke = await MakeAsync(db, Su, "nightly");

        Assert.Equal(ApiTokenStore.DuplicateName("nightly"), duplicate.Message);
        Assert.IsType<ApiTokenResult.Created>(otherUser);
        Assert.IsType<TokenCheck.Refused>(await tokens.CheckAsync(first, TestDatabase.Address));
        Assert.IsType<TokenCheck.Refused>(await tokens.CheckAsync(afterExpiry, TestDatabase.Address));
        await AcceptedAsync(db, afterRevoke);
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM JARVIS_API_TOKEN WHERE USER_ID = 1"));
    }

    [Theory]
    [InlineData("", null, ApiTokenStore.BadName)]
    [InlineData(" padded", null, ApiTokenStore.BadName)]
    [InlineData("tab\there", null, ApiTokenStore.BadName)]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null, ApiTokenStore.BadName)] // 65
    [InlineData("ok", 0, ApiTokenStore.BadExpiry)]
    [InlineData("ok", -1, ApiTokenStore.BadExpiry)]
    [InlineData("ok", 3651, ApiTokenStore.BadExpiry)]
    public async Task Create_BadNameOrExpiry_IsRefusedAndStoresNothing(string name, int? days, string message)
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await TokensOf(db).CreateAsync(Su, name, false, days);

        Assert.Equal(message, Assert.IsType<ApiTokenResult.Refused>(result).Message);
        Assert.Equal(0, await db.CountAsync("SELECT COUNT(*) FROM JARVIS_API_TOKEN"));
    }

    [Fact]
    public async Task Check_TwentyFailuresFromAnAddress_LockIt_SoEvenALiveTokenIsNotChecked_ButOtherAddressesAreUnaffected()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Su);
        var tokens = TokensOf(db);

        for (var i = 0; i < db.ThrottleOptions.AddressFailureLimit; i++)
        {
            Assert.IsType<TokenCheck.Refused>(await tokens.CheckAsync("jrv_unknown", TestDatabase.Address));
        }

        var throttled = Assert.IsType<TokenCheck.Throttled>(await tokens.CheckAsync(token, TestDatabase.Address));
        var login = await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address);

        Assert.Equal(db.ThrottleOptions.LockDuration, throttled.RetryAfter);
        Assert.IsType<LoginResult.Throttled>(login);
        Assert.IsType<TokenCheck.Accepted>(await tokens.CheckAsync(token, Elsewhere));
        db.Time.Advance(db.ThrottleOptions.LockDuration);
        await AcceptedAsync(db, token);
    }

    [Fact]
    public async Task Check_FewerFailuresThanTheAddressLimit_DoNotLockTokens()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = await MakeAsync(db, Su);

        for (var i = 0; i < db.ThrottleOptions.PairFailureLimit + 1; i++)
        {
            await TokensOf(db).CheckAsync("jrv_unknown", TestDatabase.Address);
        }

        await AcceptedAsync(db, token);
    }

    [Fact]
    public async Task Update_ThroughAToken_RecordsViaApiAndTheTokenName()
    {
        await using var db = await TestDatabase.CreateAsync();
        var user = await AcceptedAsync(db, await MakeAsync(db, Rapidity, "nightly-sync"));

        await db.ServiceAs(user).UpdateAsync(3140, new CustomerChange("SW-1", null), ChangeChannel.Api);
        await db.ServiceAs("rapidity").UpdateAsync(3140, new CustomerChange("SW-2", null), ChangeChannel.Api);

        var history = (await db.ServiceAs("su").GetHistoryAsync(3140))!.Items;
        Assert.Equal([("SW-2", null), ("SW-1", "nightly-sync")], history.Select(h => (h.New, h.TokenName)));
        Assert.All(history, h => Assert.Equal(("rapidity", ChangeChannel.Api), (h.Username, h.Via)));
    }

    [Fact]
    public async Task Schema_OfADatabaseMadeBeforeTokens_GainsTheTokenTableAndHistoryColumn_KeepingItsRows()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ServiceAs("su").UpdateAsync(1551, new CustomerChange("118822/D", "Locator services"), ChangeChannel.Api);
        await db.ExecuteAsync("DROP TABLE JARVIS_API_TOKEN");
        await db.ExecuteAsync("ALTER TABLE JARVIS_CUSTOMER_HISTORY DROP COLUMN TOKEN_NAME");

        var initializer = new SchemaInitializer(db.Database, Options.Create(db.DatabaseOptions), NullLogger<SchemaInitializer>.Instance);
        await initializer.CreateTablesAsync();
        await initializer.CreateTablesAsync(); // a second start changes nothing

        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM pragma_table_info('JARVIS_CUSTOMER_HISTORY') WHERE name = 'TOKEN_NAME'"));
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM JARVIS_CUSTOMER_HISTORY WHERE TOKEN_NAME IS NULL"));
        await AcceptedAsync(db, await MakeAsync(db, Su));
        Assert.True((await new SiteCheck(db.Database).RunAsync()).AllPassed);
    }

    [Fact]
    public async Task SiteCheck_WithoutTheTokenTableOrTheHistoryTokenColumn_NamesWhatIsMissingAndFails()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("DROP TABLE JARVIS_API_TOKEN");
        await db.ExecuteAsync("ALTER TABLE JARVIS_CUSTOMER_HISTORY DROP COLUMN TOKEN_NAME");

        var report = await new SiteCheck(db.Database).RunAsync();

        var failed = report.Checks.Where(c => !c.Passed).ToList();
        Assert.Equal(["table JARVIS_API_TOKEN", "column JARVIS_CUSTOMER_HISTORY.TOKEN_NAME"], failed.Select(c => c.Check));
        Assert.StartsWith("not found for this database user (no table, view or synonym); create it with: CREATE TABLE", failed[0].Detail);
        Assert.StartsWith("missing", failed[1].Detail);
    }
}
