using System.Net;
using Jarvis.Portal.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jarvis.Portal.Tests.Api;

/// <summary>Sessions and data live in the database: they survive a restart, and expired sessions are purged in the background.</summary>
public sealed class HostLifecycleTests
{
    [Fact]
    public async Task Restart_OnTheSameFile_KeepsSessionsAndData()
    {
        using var database = new DatabaseFile();
        string sid;
        await using (var first = new PortalFactory(database))
        {
            using var client = first.Client();
            sid = await client.LoginAsync("rapidity");
            var (status, _) = await client.PutAsync("/api/customer/3140", sid, """{"customer_reference":"SWIFT-9","description":"kept"}""");
            Assert.Equal(HttpStatusCode.OK, status);
        }

        await using var second = new PortalFactory(database);
        using var again = second.Client();
        var (getStatus, customer) = await again.GetJsonAsync("/jarvis-agent/n2fe/api/customer/3140", sid);

        Assert.Equal(HttpStatusCode.OK, getStatus);
        Json.Equal("""{"id":"3140","name":"Swift Couriers Ltd","customer_reference":"SWIFT-9","description":"kept"}""", customer);
        Assert.Equal(1, (await again.GetJsonAsync("/__status", sid)).Json["logged_in"]!.GetValue<int>());
    }

    [Fact]
    public async Task PurgeService_DeletesExpiredSessions_AndKeepsGoingAfterADatabaseFailure()
    {
        await using var portal = FreshPortal.Start(
            settings: new Dictionary<string, string?> { ["Jarvis:SessionPurge:Interval"] = "00:00:00.100" },
            databaseOptions: "Default Timeout=1;Pooling=False");
        var live = await portal.Client.LoginAsync("su");
        var expired = await portal.Client.LoginAsync("auditor");
        ExpireSessionsOf(portal.Database, "auditor");

        await portal.Factory.Logs.WaitForAsync(IsPurge);

        Assert.Equal(0L, portal.Database.Scalar("SELECT COUNT(*) FROM JARVIS_SESSION s JOIN JARVIS_USER u ON u.ID = s.USER_ID WHERE u.USERNAME = 'auditor'"));
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetJsonAsync("/api/customer/3134", live)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Client.GetJsonAsync("/api/customer/3134", expired)).Status);

        var moved = portal.Database.Folder + "-moved";
        Directory.Move(portal.Database.Folder, moved);
        try
        {
            var failure = await portal.Factory.Logs.WaitForAsync(e => e.Category == typeof(SessionPurgeService).FullName && e.Level == LogLevel.Warning);
            Assert.NotNull(failure.Exception);
        }
        finally
        {
            Directory.Move(moved, portal.Database.Folder);
        }

        var purgesBefore = portal.Factory.Logs.Entries.Count(IsPurge);
        var second = await portal.Client.LoginAsync("rapidity");
        ExpireSessionsOf(portal.Database, "rapidity");
        await portal.Factory.Logs.WaitForAsync(_ => portal.Factory.Logs.Entries.Count(IsPurge) > purgesBefore);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Client.GetJsonAsync("/api/customer/3134", second)).Status);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetJsonAsync("/api/customer/3134", live)).Status);
    }

    private static bool IsPurge(LogEntry e) =>
        e.Category == typeof(SessionPurgeService).FullName && e.Level == LogLevel.Information && e.Message.StartsWith("Purged ", StringComparison.Ordinal);

    private static void ExpireSessionsOf(DatabaseFile database, string username) =>
        database.Execute($"UPDATE JARVIS_SESSION SET EXPIRES_AT = 0 WHERE USER_ID = (SELECT ID FROM JARVIS_USER WHERE USERNAME = '{username}')");

    [Theory]
    [InlineData("Jarvis:SessionPurge:Interval", "00:00:00")]
    [InlineData("Jarvis:Security:SessionIdleTimeout", "-00:01:00")]
    [InlineData("Jarvis:LoginThrottle:PairFailureLimit", "0")]
    [InlineData("Jarvis:LoginThrottle:AddressWindow", "00:00:00")]
    [InlineData("Jarvis:LoginThrottle:LockDuration", "00:00:00")]
    [InlineData("Jarvis:Operations:ReadyTimeout", "00:00:00")]
    [InlineData("Jarvis:Proxy:KnownProxies:0", "nginx")]
    [InlineData("Jarvis:Proxy:KnownNetworks:0", "10.0.0.0/33")]
    public async Task UnusableSetting_FailsAtStartWithTheSettingsName(string key, string value)
    {
        using var database = new DatabaseFile();
        await using var factory = new PortalFactory(database, settings: new Dictionary<string, string?> { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => factory.Client());

        var setting = key.Split(':');
        Assert.Contains($"{setting[0]}:{setting[1]}:", failure.Message, StringComparison.Ordinal);
        Assert.Contains(setting[2], failure.Message, StringComparison.Ordinal);
    }
}
