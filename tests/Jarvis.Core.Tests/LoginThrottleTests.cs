using Jarvis.Core.Security;

namespace Jarvis.Core.Tests;

/// <summary>Password guessing (API.md section 6): counts per (user name, address) and per address, kept in the database.</summary>
public sealed class LoginThrottleTests
{
    private const string Other = "198.51.100.7";

    [Fact]
    public async Task SixWrongPasswordsThenTheRightOne_TheRightOneIsRefusedWithoutBeingChecked()
    {
        await using var db = await TestDatabase.CreateAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(new LoginResult.Failure(LoginResult.InvalidCredentials), await db.Users.LoginAsync("su", $"guess{i}", TestDatabase.Address));
        }

        var sixth = Assert.IsType<LoginResult.Throttled>(await db.Users.LoginAsync("su", "guess5", TestDatabase.Address));
        var right = Assert.IsType<LoginResult.Throttled>(await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));

        Assert.Equal(15 * 60, sixth.RetryAfterSeconds);
        Assert.Equal("Too many failed logins. Try again in 15 minutes.", right.Message);
        Assert.Equal(5L, await db.CountAsync("SELECT COUNT(*) FROM JARVIS_LOGIN_FAILURE"));
    }

    [Fact]
    public async Task Lock_SeenByANewThrottleOnTheSameFile_HoldsAcrossARestart()
    {
        await using var db = await TestDatabase.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await db.Users.LoginAsync("su", "wrong", TestDatabase.Address);
        }

        var restarted = db.RestartedUsers();

        Assert.IsType<LoginResult.Throttled>(await restarted.LoginAsync("su", "su-demo", TestDatabase.Address));
    }

    [Fact]
    public async Task LockedPair_ASecondAddress_LogsInAsTheSameUser()
    {
        await using var db = await TestDatabase.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await db.Users.LoginAsync("su", "wrong", TestDatabase.Address);
        }

        Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("su", "su-demo", Other));
        Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("auditor", "auditor-demo", TestDatabase.Address));
    }

    [Fact]
    public async Task Lock_AfterItsDuration_EndsAndTheRightPasswordWorks()
    {
        await using var db = await TestDatabase.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await db.Users.LoginAsync("su", "wrong", TestDatabase.Address);
        }

        db.Time.Advance(TimeSpan.FromMinutes(14));
        var late = Assert.IsType<LoginResult.Throttled>(await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));
        Assert.Equal(60, late.RetryAfterSeconds);
        Assert.Equal("Too many failed logins. Try again in 1 minutes.", late.Message);

        db.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));
        Assert.Equal(0L, await db.CountAsync("SELECT COUNT(*) FROM JARVIS_LOGIN_FAILURE"));
    }

    [Fact]
    public async Task FourFailuresThenSuccess_ClearsThePair_SoFourMoreDoNotLock()
    {
        await using var db = await TestDatabase.CreateAsync();
        for (var i = 0; i < 4; i++)
        {
            await db.Users.LoginAsync("su", "wrong", TestDatabase.Address);
        }

        Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));
        for (var i = 0; i < 4; i++)
        {
            await db.Users.LoginAsync("su", "wrong", TestDatabase.Address);
        }

        Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));
    }

    [Fact]
    public async Task FailuresSpreadWiderThanTheWindow_DoNotLock()
    {
        await using var db = await TestDatabase.CreateAsync();
        for (var i = 0; i < 8; i++)
        {
            await db.Users.LoginAsync("su", "wrong", TestDatabase.Address);
            db.Time.Advance(TimeSpan.FromMinutes(4));
        }

        Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));
    }

    [Fact]
    public async Task TwentyFailuresFromOneAddressOverManyNames_LockTheAddressForEveryName()
    {
        await using var db = await TestDatabase.CreateAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.IsType<LoginResult.Failure>(await db.Users.LoginAsync($"nobody{i}", "wrong", TestDatabase.Address));
        }

        Assert.IsType<LoginResult.Throttled>(await db.Users.LoginAsync("auditor", "auditor-demo", TestDatabase.Address));
        Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("auditor", "auditor-demo", Other));
    }

    [Fact]
    public async Task ConfiguredNumbers_AreTheOnesApplied()
    {
        await using var db = await TestDatabase.CreateAsync();
        db.ThrottleOptions.PairFailureLimit = 2;
        db.ThrottleOptions.LockDuration = TimeSpan.FromSeconds(30);

        await db.Users.LoginAsync("su", "wrong", TestDatabase.Address);
        Assert.IsType<LoginResult.Failure>(await db.Users.LoginAsync("su", "wrong", TestDatabase.Address));
        var locked = Assert.IsType<LoginResult.Throttled>(await db.Users.LoginAsync("su", "su-demo", TestDatabase.Address));

        Assert.Equal(30, locked.RetryAfterSeconds);
    }

    [Fact]
    public async Task Purge_DeletesOnlyFailuresTooOldToMatter()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Users.LoginAsync("su", "wrong", TestDatabase.Address);
        db.Time.Advance(TimeSpan.FromMinutes(31));
        await db.Users.LoginAsync("su", "wrong", TestDatabase.Address);

        Assert.Equal(1, await db.Throttle.PurgeAsync());
        Assert.Equal(1L, await db.CountAsync("SELECT COUNT(*) FROM JARVIS_LOGIN_FAILURE"));
    }

    [Theory]
    [InlineData(new long[] { 0, 1, 2, 3 }, null)]
    [InlineData(new long[] { 0, 1, 2, 3, 4 }, 4L)]
    [InlineData(new long[] { 0, 1, 2, 3, 10 }, null)]
    [InlineData(new long[] { 0, 6, 7, 8, 9, 10 }, 10L)]
    public void LockEnd_StartsAtTheFailureThatReachesTheLimitWithinTheWindow(long[] failedAtSeconds, long? lockStartSecond)
    {
        var end = LoginThrottle.LockEnd(failedAtSeconds.Select(s => s * 1000).ToList(), 5, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(100));

        var expected = lockStartSecond is { } start ? DateTimeOffset.FromUnixTimeSeconds(start + 100) : DateTimeOffset.MinValue;
        Assert.Equal(expected, end);
    }
}
