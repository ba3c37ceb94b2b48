using Dapper;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Jarvis.Core.Tests;

/// <summary>Server-side sessions (API.md section 2): ids, lookup, idle expiry, sliding, delete, purge, locked users.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task Login_EachTime_IssuesANewSessionIdOf32LowerCaseHexCharacters()
    {
        await using var db = await TestDatabase.CreateAsync();

        var first = Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));
        var second = Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));

        Assert.Matches("^[0-9a-f]{32}$", first.SessionId);
        Assert.Matches("^[0-9a-f]{32}$", second.SessionId);
        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Equal("su", (await db.Sessions.GetAndSlideAsync(first.SessionId))!.User.Username);
        Assert.Equal("su", (await db.Sessions.GetAndSlideAsync(second.SessionId))!.User.Username);
    }

    [Fact]
    public async Task Session_LookedUpById_ReturnsItsUserWithGroupsAndExpiry()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await db.Sessions.CreateAsync(3);

        var session = await db.Sessions.GetAndSlideAsync(id);

        Assert.NotNull(session);
        Assert.Equal((3L, "rapidity", UserType.Acs, (long?)3134), (session.User.Id, session.User.Username, session.User.Type, session.User.OwnCustomerId));
        Assert.Equal(["AcsPermissionLevel6"], session.User.Groups);
        Assert.Equal(db.Time.GetUtcNow() + TimeSpan.FromMinutes(60), session.ExpiresAt);
    }

    [Fact]
    public async Task Session_StoresOnlyAHashOfTheId()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await db.Sessions.CreateAsync(1);

        await using var connection = await db.Database.OpenAsync();
        var stored = (await connection.QueryAsync<string>("SELECT ID_HASH FROM JARVIS_SESSION")).Single();
        Assert.DoesNotContain(id, stored, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(64, stored.Length);
    }

    [Fact]
    public async Task Session_UnusedForTheIdleTimeout_Expires()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await db.Sessions.CreateAsync(1);

        db.Time.Advance(TimeSpan.FromMinutes(59));
        var stillLive = await db.Sessions.GetAndSlideAsync(id);
        db.Time.Advance(TimeSpan.FromMinutes(60));

        Assert.NotNull(stillLive);
        Assert.Null(await db.Sessions.GetAndSlideAsync(id));
    }

    [Fact]
    public async Task Session_NeverUsedAgain_IsExpiredExactlyAtTheIdleTimeout()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await db.Sessions.CreateAsync(1);

        db.Time.Advance(TimeSpan.FromMinutes(60));

        Assert.Null(await db.Sessions.GetAndSlideAsync(id));
    }

    [Fact]
    public async Task Session_UsedBeforeItExpires_SlidesItsExpiry()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await db.Sessions.CreateAsync(1);

        db.Time.Advance(TimeSpan.FromMinutes(45));
        var used = await db.Sessions.GetAndSlideAsync(id);
        db.Time.Advance(TimeSpan.FromMinutes(45)); // 90 minutes after login, 45 after last use

        Assert.Equal(db.Time.GetUtcNow() + TimeSpan.FromMinutes(15), used!.ExpiresAt);
        Assert.NotNull(await db.Sessions.GetAndSlideAsync(id));
    }

    [Fact]
    public async Task Session_IdleTimeout_ComesFromConfiguration()
    {
        await using var db = await TestDatabase.CreateAsync(new SecurityOptions { SessionIdleTimeout = TimeSpan.FromMinutes(5) });
        var id = await db.Sessions.CreateAsync(1);

        db.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.NotNull(await db.Sessions.GetAndSlideAsync(id));
        db.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(await db.Sessions.GetAndSlideAsync(id));
    }

    [Fact]
    public async Task Session_SharedByTwoProcessesThroughTheDatabase_IsLiveInBoth()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await db.Sessions.CreateAsync(1);
        var otherProcess = new SessionStore(
            new JarvisDatabase(Options.Create(db.DatabaseOptions)), Options.Create(db.Security), db.Time);

        Assert.Equal("su", (await otherProcess.GetAndSlideAsync(id))!.User.Username);
        await otherProcess.DeleteAsync(id);
        Assert.Null(await db.Sessions.GetAndSlideAsync(id));
    }

    [Fact]
    public async Task Session_Deleted_IsNoLongerLive()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await db.Sessions.CreateAsync(1);
        var other = await db.Sessions.CreateAsync(1);

        await db.Sessions.DeleteAsync(id);

        Assert.Null(await db.Sessions.GetAndSlideAsync(id));
        Assert.NotNull(await db.Sessions.GetAndSlideAsync(other));
    }

    [Fact]
    public async Task PurgeExpired_DeletesOnlyExpiredSessions()
    {
        await using var db = await TestDatabase.CreateAsync();
        var old = await db.Sessions.CreateAsync(1);
        db.Time.Advance(TimeSpan.FromMinutes(30));
        var recent = await db.Sessions.CreateAsync(2);
        db.Time.Advance(TimeSpan.FromMinutes(31));

        var purged = await db.Sessions.PurgeExpiredAsync();

        Assert.Equal(1, purged);
        await using var connection = await db.Database.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM JARVIS_SESSION"));
        Assert.Null(await db.Sessions.GetAndSlideAsync(old));
        Assert.Equal("auditor", (await db.Sessions.GetAndSlideAsync(recent))!.User.Username);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("' OR 1=1 --                     ")]
    [InlineData("０１２３４５６７８９abcdef0123456789abcdef")]
    public async Task Session_MalformedId_IsNeverLookedUp(string? sessionId)
    {
        // A store over a database that cannot be opened: any lookup would throw.
        var unreachable = new JarvisDatabase(Options.Create(new DatabaseOptions
        {
            ConnectionString = $"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing", "x.db")};Mode=ReadOnly",
        }));
        var store = new SessionStore(unreachable, Options.Create(new SecurityOptions().ApplyDefaults()), new FakeTimeProvider());

        Assert.False(SessionStore.IsWellFormed(sessionId));
        Assert.Null(await store.GetAndSlideAsync(sessionId));
        await store.DeleteAsync(sessionId);
        await Assert.ThrowsAnyAsync<Exception>(() => store.GetAndSlideAsync(new string('a', 32)));
    }

    [Fact]
    public async Task Session_UpperCaseFormOfALiveId_IsNotLive()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await db.Sessions.CreateAsync(1);

        Assert.Null(await db.Sessions.GetAndSlideAsync(id.ToUpperInvariant()));
    }

    [Fact]
    public async Task Session_OfAUserLockedAfterLogin_IsNoLongerLive()
    {
        await using var db = await TestDatabase.CreateAsync();
        var login = Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("rapidity", "rapidity-demo", TestDatabase.Address));

        await db.ExecuteAsync("UPDATE JARVIS_USER SET LOCKED = 1 WHERE USERNAME = 'rapidity'");

        Assert.Null(await db.Sessions.GetAndSlideAsync(login.SessionId));
    }
}

/// <summary>UserStore.LoginAsync: the messages of API.md section 2 and no session unless the login succeeds.</summary>
public sealed class LoginTests
{
    [Theory]
    [InlineData("su", "ACS_BOSS,CCS Superuser")]
    [InlineData("auditor", "ACS_BOSS_READ")]
    [InlineData("rapidity", "AcsPermissionLevel6")]
    [InlineData("rapidity-view", "AcsPermissionLevel1")]
    [InlineData("operator", "ACS_READ")]
    public async Task Login_DemoUserWithDemoPassword_Succeeds(string username, string groupList)
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync(username, username + "-demo", TestDatabase.Address));

        Assert.Equal(username, result.User.Username);
        Assert.Equal(groupList, result.User.GroupList);
        Assert.Equal(TestDatabase.UserOf(username).OwnCustomerId, result.User.OwnCustomerId);
    }

    [Theory]
    [InlineData("su", "wrong")]
    [InlineData("su", "SU-DEMO")]
    [InlineData("su", "")]
    [InlineData("su", null)]
    [InlineData("nobody", "nobody-demo")]
    [InlineData("SU", "su-demo")]
    [InlineData("", "su-demo")]
    [InlineData(null, null)]
    [InlineData("guest", "wrong")]
    public async Task Login_WrongPasswordOrUnknownUser_GivesTheSameMessageAndNoSession(string? username, string? password)
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await db.Users.LoginAsync(username, password, TestDatabase.Address);

        Assert.Equal(new LoginResult.Failure("Invalid username or password."), result);
        Assert.Equal(0, await SessionCountAsync(db));
    }

    [Fact]
    public async Task Login_GuestWithTheRightPassword_IsNotPermittedAndGetsNoSession()
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await db.Users.LoginAsync("guest", "guest-demo", TestDatabase.Address);

        Assert.Equal(new LoginResult.Failure("User is not permitted to log in."), result);
        Assert.Equal(0, await SessionCountAsync(db));
    }

    [Fact]
    public async Task Login_LockedUser_IsRefusedAndGetsNoSession()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("UPDATE JARVIS_USER SET LOCKED = 1 WHERE USERNAME = 'su'");

        Assert.Equal(new LoginResult.Failure(LoginResult.Locked), await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));
        Assert.Equal(new LoginResult.Failure(LoginResult.InvalidCredentials), await db.Users.LoginAsync("su", "wrong", TestDatabase.Address));
        Assert.Equal(0, await SessionCountAsync(db));
    }

    [Fact]
    public async Task Login_UserWhoseStoredHashHasAnEmptyHashPart_IsNotLoggedInWithAnyPassword()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("UPDATE JARVIS_USER SET PASSWORD_HASH = 'pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$' WHERE USERNAME = 'su'");

        Assert.Equal(new LoginResult.Failure(LoginResult.InvalidCredentials), await db.Users.LoginAsync("su", "anything at all", TestDatabase.Address));
        Assert.Equal(0, await SessionCountAsync(db));
    }

    [Fact]
    public async Task Login_LoginGroups_ComeFromConfiguration()
    {
        await using var db = await TestDatabase.CreateAsync(new SecurityOptions { LoginGroups = ["CCS Operator"] });

        Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("guest", "guest-demo", TestDatabase.Address));
        Assert.Equal(new LoginResult.Failure(LoginResult.NotPermitted), await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));
    }

    private static async Task<long> SessionCountAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM JARVIS_SESSION");
    }
}

/// <summary>PasswordHasher: salted PBKDF2-SHA256, at least 100,000 iterations, never throws on a stored value.</summary>
public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_SamePasswordTwice_GivesDifferentSaltedHashesThatBothVerify()
    {
        var first = PasswordHasher.Hash("su-demo");
        var second = PasswordHasher.Hash("su-demo");

        Assert.NotEqual(first, second);
        Assert.True(PasswordHasher.Verify("su-demo", first));
        Assert.True(PasswordHasher.Verify("su-demo", second));
        Assert.False(PasswordHasher.Verify("su-demO", first));
        Assert.StartsWith("pbkdf2-sha256$100000$", first);
    }

    [Fact]
    public void Hash_NonAsciiPassword_Verifies()
    {
        var hash = PasswordHasher.Hash("pässwörd ñ 🔑", iterations: 1000);

        Assert.True(PasswordHasher.Verify("pässwörd ñ 🔑", hash));
        Assert.False(PasswordHasher.Verify("passwörd ñ 🔑", hash));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("su-demo")]
    [InlineData("pbkdf2-sha256$100000$c2FsdA==")]
    [InlineData("pbkdf2-sha256$abc$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$-5$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$!!not-base64!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$")]
    [InlineData("pbkdf2-sha256$1000$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("md5$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Verify_StoredValueThatIsNotAHashOfOurs_IsFalseAndNeverThrows(string? stored)
    {
        Assert.False(PasswordHasher.Verify("su-demo", stored));
    }
}
