using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Diagnostics;
using Jarvis.Core.Security;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Jarvis.Testing;

/// <summary>
/// A real SQLite file in a temp folder with the demo data of DEMO-DATA.md, deleted on dispose. Its connections come
/// from the <see cref="StrictProviderFactory"/> when the environment variable <see cref="ProviderVariable"/> is
/// <c>strict</c> (test.sh's second pass over the Core tests), or when a test passes a factory of its own.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Set to <c>strict</c> to run every test database through the strict provider.</summary>
    public const string ProviderVariable = "JARVIS_TEST_PROVIDER";

    private readonly TempFolder _folder;

    private TestDatabase(TempFolder folder, SecurityOptions security, DbProviderFactory? factory, Action<DatabaseOptions>? configure)
    {
        _folder = folder;
        FilePath = folder.PathOf("jarvis.db");
        DatabaseOptions = new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={FilePath};Default Timeout=5",
            SeedDemoData = true,
        };
        configure?.Invoke(DatabaseOptions);
        Security = security.ApplyDefaults();
        Factory = factory ?? (RunsStrict ? StrictProviderFactory.Instance : null);
        Database = new JarvisDatabase(Options.Create(DatabaseOptions), Factory);
        Statements = new CustomerStatements(Database);
        Planner = new SearchPlanner(Database, Statements);
        Policy = new AccessPolicy(Options.Create(security));
        Sessions = new SessionStore(Database, Options.Create(security), Time);
        Telemetry = NewTelemetry();
        Throttle = new LoginThrottle(Database, Options.Create(ThrottleOptions), Time, NullLogger<LoginThrottle>.Instance);
        Users = new UserStore(Database, Policy, Sessions, Telemetry, Throttle);
    }

    /// <summary>The client address of the tests' logins (TEST-NET-1).</summary>
    public const string Address = "192.0.2.10";

    /// <summary>True when this run's test databases use the strict provider (<see cref="ProviderVariable"/>).</summary>
    public static bool RunsStrict =>
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "strict", StringComparison.OrdinalIgnoreCase);

    public string FilePath { get; }

    /// <summary>The provider factory the connections come from; null for plain SQLite.</summary>
    public DbProviderFactory? Factory { get; }
    public DatabaseOptions DatabaseOptions { get; }
    public SecurityOptions Security { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    public JarvisDatabase Database { get; }

    /// <summary>The customer SQL and plan hints of <see cref="Database"/>, shared by every service of this test database (as the portal's singleton).</summary>
    public CustomerStatements Statements { get; }

    public SearchPlanner Planner { get; }

    public AccessPolicy Policy { get; }
    public SessionStore Sessions { get; }
    public UserStore Users { get; }
    public JarvisTelemetry Telemetry { get; }
    public LoginThrottleOptions ThrottleOptions { get; } = new();
    public LoginThrottle Throttle { get; }

    /// <summary>Jarvis's instruments on a meter factory of their own, logging nowhere.</summary>
    public static JarvisTelemetry NewTelemetry() =>
        new(new OwnMeters(),
            NullLoggerFactory.Instance);

    public static async Task<TestDatabase> CreateAsync(
        SecurityOptions? security = null, bool seedDemoData = true, DbProviderFactory? factory = null, Action<DatabaseOptions>? configure = null)
    {
        var db = new TestDatabase(new TempFolder("jarvis-core-tests"), security ?? new SecurityOptions(), factory, configure);
        db.DatabaseOptions.SeedDemoData = seedDemoData;
        await new SchemaInitializer(db.Database, Options.Create(db.DatabaseOptions), NullLogger<SchemaInitializer>.Instance).InitializeAsync();
        return db;
    }

    /// <summary>
    /// Writes the demo database to <paramref name="path"/>: a copy of one built once per test run, for tests that start
    /// from a file (a whole host, or a database taken down and brought back).
    /// </summary>
    public static async Task CopyDemoDatabaseAsync(string path) => File.Copy(await DemoTemplate.Value, path);

    private static readonly Lazy<Task<string>> DemoTemplate = new(async () =>
    {
        var file = Path.Combine(TempFolder.Create("jarvis-demo-template"), "template.db");
        var options = new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString(),
            SeedDemoData = true,
        };
        await new SchemaInitializer(new JarvisDatabase(Options.Create(options)), Options.Create(options), NullLogger<SchemaInitializer>.Instance).InitializeAsync();
        return file;
    });

    /// <summary>The customer service as the demo user <paramref name="username"/> (null: nobody logged in).</summary>
    public CustomerService ServiceAs(string? username) =>
        new(Database, Statements, Planner, new FixedUser(username is null ? null : UserOf(username)), Policy, Telemetry, Time);

    /// <summary>The customer service as any user, e.g. one made up for a test.</summary>
    public CustomerService ServiceAs(JarvisUser? user) => new(Database, Statements, Planner, new FixedUser(user), Policy, Telemetry, Time);

    public static JarvisUser UserOf(string username)
    {
        var u = DemoData.Users.Single(x => x.Username == username);
        return new JarvisUser(u.Id, u.Username, u.Type, u.CustomerId, u.Groups.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>One ACS_CUSTOMER row read straight from the file, past every access rule; null when there is none.</summary>
    public async Task<CustomerRow?> ReadRowAsync(long id)
    {
        await using var connection = await Database.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<CustomerRow.Stored>(
            $"{CustomerRow.Select} WHERE ID = :id", new { id });
        return row is null ? null : CustomerRow.Of(row);
    }

    /// <summary>Every customer and service-number row, in id order: two equal snapshots mean nothing changed.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        await using var connection = await Database.OpenAsync();
        var customers = (await connection.QueryAsync<CustomerRow.Stored>($"{CustomerRow.Select} ORDER BY ID")).Select(CustomerRow.Of);
        var numbers = await connection.QueryAsync<(long, string)>("SELECT CUSTOMER_ID, SN FROM ACS_CUSTOMER_SN ORDER BY ID");
        return [.. customers.Select(c => c.ToString()), .. numbers.Select(n => n.ToString())];
    }

    /// <summary>Every customer id in the file, ascending, past every access rule.</summary>
    public async Task<List<long>> AllCustomerIdsAsync()
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<long>("SELECT ID FROM ACS_CUSTOMER ORDER BY ID")).ToList();
    }

    /// <summary>A user store as a freshly started process would build it: nothing shared with this one but the file.</summary>
    public UserStore RestartedUsers()
    {
        var database = new JarvisDatabase(Options.Create(DatabaseOptions), Factory);
        var sessions = new SessionStore(database, Options.Create(Security), Time);
        var throttle = new LoginThrottle(database, Options.Create(new LoginThrottleOptions()), Time, NullLogger<LoginThrottle>.Instance);
        return new UserStore(database, new AccessPolicy(Options.Create(Security)), sessions, NewTelemetry(), throttle);
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteAsync(sql, parameters);
    }

    public ValueTask DisposeAsync()
    {
        Planner.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Meters of one test database only, so that a test can listen to its own instruments.</summary>
    private sealed class OwnMeters : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }

    private sealed class FixedUser(JarvisUser? user) : ICurrentUser
    {
        public ValueTask<JarvisUser?> GetUserAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(user);
    }
}

/// <summary>A customer row as stored, for checking what an update did or did not change.</summary>
public sealed record CustomerRow(long Id, string Name, string? CustomerReference, string? Description, long? ParentCustomerId)
{
    public const string Select =
        "SELECT ID, NAME, CUSTOMER_REFERENCE AS CustomerReference, DESCRIPTION, PARENT_CUSTOMER_ID AS ParentCustomerId FROM ACS_CUSTOMER";

    /// <summary>The row as Dapper reads it: settable properties convert Oracle's decimal ids, a positional record does not.</summary>
    public sealed class Stored
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? CustomerReference { get; set; }
        public string? Description { get; set; }
        public long? ParentCustomerId { get; set; }
    }

    public static CustomerRow Of(Stored r) => new(r.Id, r.Name, r.CustomerReference, r.Description, r.ParentCustomerId);
}
