using System.Net;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Protection;

/// <summary>Password guessing on <c>__login</c> and the portal's login form (API.md section 6).</summary>
public sealed class LoginThrottleTests
{
    private const string Locked = """{"logged_in":0,"username":"","error_string":"Too many failed logins. Try again in 15 minutes.","group_list":""}""";

    private static FreshPortal Start(IDictionary<string, string?>? settings = null) =>
        FreshPortal.Start(ConnectionAddress.AddTo, settings);

    [Fact]
    public async Task SixWrongPasswordsThenTheRightOne_Answers429WithRetryAfterAndNoSession()
    {
        await using var portal = Start();

        for (var i = 0; i < 5; i++)
        {
            var (status, json) = await ApiClient.ReadAsync(await Logins.PostAsync(portal.Client, "su", $"guess-{i}"));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Invalid username or password.", json["error_string"]!.GetValue<string>());
        }

        using var sixth = await Logins.PostAsync(portal.Client, "su", "guess-5");
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        using var right = await Logins.PostAsync(portal.Client, "su", "su-demo");

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), right.Headers.RetryAfter?.Delta);
        Assert.False(Logins.SetsSessionCookie(right));
        Api.Json.Equal(Locked, (await ApiClient.ReadAsync(right)).Json);
        var lockLog = await portal.Factory.Logs.WaitForAsync(e => e.Message.Contains("locked until", StringComparison.Ordinal));
        Assert.Contains("su", lockLog.Message, StringComparison.Ordinal);
        Assert.Contains(ConnectionAddress.DefaultAddress, lockLog.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("guess", string.Join("\n", portal.Factory.Logs.Entries.Select(e => e.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockedPair_AfterARestartOnTheSameFile_IsStillLocked()
    {
        var database = new DatabaseFile();
        try
        {
            await using (var first = new PortalFactory(database, ConnectionAddress.AddTo))
            {
                using var client = first.Client();
                for (var i = 0; i < 5; i++)
                {
                    (await Logins.PostAsync(client, "su", "wrong")).Dispose();
                }
            }

            await using var restarted = new PortalFactory(database, ConnectionAddress.AddTo);
            using var again = restarted.Client();
            using var right = await Logins.PostAsync(again, "su", "su-demo");

            Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        }
        finally
        {
            database.Dispose();
        }
    }

    [Fact]
    public async Task LockedPair_ASecondAddress_StillLogsInAsTheSameUser()
    {
        await using var portal = Start();
        for (var i = 0; i < 5; i++)
        {
            (await Logins.PostAsync(portal.Client, "su", "wrong", connection: "198.51.100.1")).Dispose();
        }

        using var locked = await Logins.PostAsync(portal.Client, "su", "su-demo", connection: "198.51.100.1");
        using var other = await Logins.PostAsync(portal.Client, "su", "su-demo", connection: "198.51.100.2");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.True(Logins.SetsSessionCookie(other));
    }

    [Fact]
    public async Task BehindAConfiguredProxy_TheForwardedAddressIsCounted_NotTheProxys()
    {
        await using var portal = Start(new Dictionary<string, string?> { ["Jarvis:Proxy:KnownProxies:0"] = Logins.Proxy });
        for (var i = 0; i < 5; i++)
        {
            (await Logins.PostAsync(portal.Client, "su", "wrong", Logins.Proxy, forwardedFor: "192.0.2.1")).Dispose();
        }

        using var attacker = await Logins.PostAsync(portal.Client, "su", "su-demo", Logins.Proxy, forwardedFor: "192.0.2.1");
        using var colleague = await Logins.PostAsync(portal.Client, "su", "su-demo", Logins.Proxy, forwardedFor: "192.0.2.2");

        Assert.Equal(HttpStatusCode.TooManyRequests, attacker.StatusCode);
        Assert.Equal(HttpStatusCode.OK, colleague.StatusCode);
    }

    [Fact]
    public async Task XForwardedForFromAnUnconfiguredAddress_IsIgnored_SoItCannotDodgeTheLock()
    {
        await using var portal = Start();
        for (var i = 0; i < 5; i++)
        {
            (await Logins.PostAsync(portal.Client, "su", "wrong", "127.0.0.1", forwardedFor: $"192.0.2.{i + 10}")).Dispose();
        }

        using var right = await Logins.PostAsync(portal.Client, "su", "su-demo", "127.0.0.1", forwardedFor: "192.0.2.99");

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }

    [Fact]
    public async Task TwentyFailuresFromOneAddress_LockEveryUserNameFromIt()
    {
        await using var portal = Start();
        for (var i = 0; i < 20; i++)
        {
            (await Logins.PostAsync(portal.Client, $"user{i}", "wrong")).Dispose();
        }

        using var auditor = await Logins.PostAsync(portal.Client, "auditor", "auditor-demo");

        Assert.Equal(HttpStatusCode.TooManyRequests, auditor.StatusCode);
    }

    [Fact]
    public async Task ConfiguredNumbers_ShortLock_ThenTheRightPasswordWorksAgain()
    {
        await using var portal = Start(new Dictionary<string, string?>
        {
            ["Jarvis:LoginThrottle:PairFailureLimit"] = "2",
            ["Jarvis:LoginThrottle:LockDuration"] = "00:00:01",
        });
        (await Logins.PostAsync(portal.Client, "su", "wrong")).Dispose();
        (await Logins.PostAsync(portal.Client, "su", "wrong")).Dispose();

        using var locked = await Logins.PostAsync(portal.Client, "su", "su-demo");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), locked.Headers.RetryAfter?.Delta);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var after = await Logins.PostAsync(portal.Client, "su", "su-demo");

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task LoginForm_SixWrongPasswordsThenTheRightOne_Answers429AndSaysHowLongToWait()
    {
        await using var portal = Start();
        using var browser = Logins.BrowserClient(portal.Factory);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await Logins.PostFormAsync(browser, "su", "wrong", "/customers/3134");
            Assert.Equal("/login?error=invalid&returnUrl=%2Fcustomers%2F3134", wrong.Headers.Location?.OriginalString);
        }

        using var right = await Logins.PostFormAsync(browser, "su", "su-demo", "/customers/3134");
        var page = await right.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), right.Headers.RetryAfter?.Delta);
        Assert.False(Logins.SetsSessionCookie(right));
        Assert.True(page.Contains("Too many failed logins. Try again in 15 minutes.", StringComparison.Ordinal), page);
        Assert.Contains("name=\"returnUrl\" value=\"/customers/3134\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\"", page, StringComparison.Ordinal);
    }
}
