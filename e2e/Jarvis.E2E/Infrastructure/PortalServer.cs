using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Jarvis.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jarvis.E2E.Infrastructure;

/// <summary>
/// The real portal on a real Kestrel port of 127.0.0.1, on a fresh embedded demo database of its own (one per test
/// class). Development environment, so MudBlazor's static web assets are served as with <c>dotnet run</c>.
/// </summary>
public class PortalServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _databasePath;
    private readonly bool _ownsDatabase;

    public PortalServer()
        : this(Path.Combine(Path.GetTempPath(), $"jarvis-e2e-{Guid.NewGuid():N}.db"), ownsDatabase: true)
    {
    }

    /// <summary>On the database file at <paramref name="databasePath"/>, deleted at the end only when <paramref name="ownsDatabase"/>.</summary>
    protected PortalServer(string databasePath, bool ownsDatabase)
    {
        _databasePath = databasePath;
        _ownsDatabase = ownsDatabase;
        ConnectionString = $"Data Source={_databasePath};Default Timeout=5";
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>A search or count for a term containing this is held on the server for <see cref="SlowSearchDelay"/> (see <see cref="SlowSearchProvider"/>).</summary>
    public const string SlowSearchTerm = "slowpoke";

    public static readonly TimeSpan SlowSearchDelay = TimeSpan.FromSeconds(4);

    /// <summary>The portal's database connections: statements bound to <see cref="SlowSearchTerm"/> are held.</summary>
    public SlowSearchProvider SlowSearch { get; } = new(SlowSearchTerm, SlowSearchDelay);

    /// <summary>The app's own connection string, for tests that reach into the database behind its back.</summary>
    public string ConnectionString { get; }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Everything the server logged, for the failure report.</summary>
    public ServerLog Log { get; } = new();

    public TimeSpan StartupTime { get; private set; }

    public Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        BaseUrl = addresses.Addresses.Single().TrimEnd('/');
        StartupTime = clock.Elapsed;
        return Task.CompletedTask;
    }

    /// <summary>Opens a connection of the test's own to the app's database file (not from the app's pool).</summary>
    public async Task<SqliteConnection> OpenDatabaseAsync()
    {
        var connection = new SqliteConnection($"Data Source={_databasePath};Default Timeout=5;Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// Ends a session on the server behind the page's back, as the idle timeout would: its row in the app's
    /// database gets an expiry in the past. Sessions are stored by the SHA-256 of their id.
    /// </summary>
    public async Task ExpireSessionAsync(string sessionId)
    {
        var idHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(sessionId)));
        await using var connection = await OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE JARVIS_SESSION SET EXPIRES_AT = 0 WHERE ID_HASH = $idHash";
        command.Parameters.AddWithValue("$idHash", idHash);
        var expired = await command.ExecuteNonQueryAsync();
        Assert.True(expired == 1, $"expected to expire one session row, expired {expired}");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jarvis"] = ConnectionString,
            ["Jarvis:Database:SeedDemoData"] = "true",
        };
        AddSettings(settings);
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(provider => new JarvisDatabase(
            provider.GetRequiredService<IOptions<DatabaseOptions>>(), SlowSearch))));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Log);
        });
    }

    /// <summary>Configuration a kind of server adds to the defaults (e.g. a short login lock).</summary>
    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
        if (!_ownsDatabase)
        {
            return;
        }

        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
