using System.Net;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Jarvis.Portal.Tests.Api;
using Jarvis.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jarvis.Portal.Tests.Protection;

/// <summary>Demo passwords must not reach production, and what only production does (HSTS) (API.md section 6).</summary>
public sealed class StartupTests
{
    private static readonly Dictionary<string, string?> Production = new() { ["environment"] = "Production" };

    [Fact]
    public async Task ProductionStart_OnADemoDatabase_RefusesNamingTheUsersAndHowToChangeThem()
    {
        using var database = await SeededAsync();
        await using var production = new PortalFactory(database, settings: Production);

        var refusal = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        var message = refusal.GetBaseException().Message;
        foreach (var user in new[] { "su", "auditor", "rapidity", "rapidity-view", "operator", "guest" })
        {
            Assert.Contains(user, message, StringComparison.Ordinal);
        }

        Assert.Contains("dotnet Jarvis.Portal.dll users passwd NAME", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionStart_WithOneDemoPasswordLeft_RefusesNamingOnlyThatUser()
    {
        using var database = await SeededAsync();
        ChangePasswords(database, "WHERE USERNAME <> 'auditor'");
        await using var production = new PortalFactory(database, settings: Production);

        var message = Assert.ThrowsAny<Exception>(() => production.CreateClient()).GetBaseException().Message;

        Assert.Contains("1 user(s) still have their demo password (<user>-demo): auditor.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionStart_AfterEveryPasswordChanged_StartsAndSendsHstsOverHttpsOnly()
    {
        using var database = await SeededAsync();
        ChangePasswords(database, "");
        await using var production = new PortalFactory(database, settings: Production);

        using var https = await production.Client("https://localhost").GetAsync("/login", sid: null);
        using var http = await production.Client("http://localhost").GetAsync("/login", sid: null);

        Assert.Equal(HttpStatusCode.OK, https.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(https.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        Assert.False(http.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task BehindAConfiguredTlsProxy_TheSessionCookieIsSecure_ButNotForAnUnknownSender()
    {
        using var database = new DatabaseFile();
        await using var portal = new PortalFactory(database, ConnectionAddress.AddTo, new Dictionary<string, string?>
        {
            ["Jarvis:Proxy:KnownNetworks:0"] = "10.0.0.0/24",
        });
        using var client = portal.Client();
        var proto = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" };

        using var viaProxy = await Logins.PostAsync(client, "su", "su-demo", connection: Logins.Proxy, headers: proto);
        using var direct = await Logins.PostAsync(client, "su", "su-demo", connection: "192.0.2.7", headers: proto);

        Assert.Contains("secure", SessionCookieHeader(viaProxy), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", SessionCookieHeader(direct), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Development", "jarvis-demo.db")]
    [InlineData("Production", "jarvis.db")]
    [InlineData("Staging", "jarvis.db")]
    public async Task WithoutAConnectionString_DemoAndRealDatabasesAreDifferentFiles(string environment, string file)
    {
        using var root = new TempFolder("jarvis-content-root");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseEnvironment(environment).UseContentRoot(root.Path));

        var options = factory.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;

        Assert.Contains($"{root.PathOf(Path.Combine("App_Data", file))};", options.ConnectionString, StringComparison.Ordinal);
    }

    /// <summary>A database file the Development portal has seeded with the demo data (and then let go).</summary>
    private static async Task<DatabaseFile> SeededAsync()
    {
        var database = new DatabaseFile();
        await using var development = new PortalFactory(database);
        development.CreateClient().Dispose();
        return database;
    }

    private static void ChangePasswords(DatabaseFile database, string where) =>
        database.Execute($"UPDATE JARVIS_USER SET PASSWORD_HASH = '{PasswordHasher.Hash("a-real-password-1", 1000)}' {where}");

    private static string SessionCookieHeader(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("N2FE_CGISESSID=", StringComparison.Ordinal));
}
