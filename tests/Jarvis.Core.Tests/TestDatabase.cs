using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Jarvis.Core.Tests;

/// <summary>A real SQLite file in a temp folder with the demo data of DEMO-DATA.md, deleted on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _folder;

    private TestDatabase(string folder, SecurityOptions security)
    {
        _folder = folder;
        FilePath = Path.Combine(folder, "jarvis.db");
        DatabaseOptions = new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={FilePath};Default Timeout=5",
            SeedDemoData = true,
        };
        Security = security;
        Database = new JarvisDatabase(Options.Create(DatabaseOptions));
        Policy = new AccessPolicy(Options.Create(security));
        Sessions = new SessionStore(Database, Options.Create(security), Time);
        Users = new UserStore(Database, Policy, Sessions);
    }

    public string FilePath { get; }
    public DatabaseOptions DatabaseOptions { get; }
    public SecurityOptions Security { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    public JarvisDatabase Database { get; }
    public AccessPolicy Policy { get; }
    public SessionStore Sessions { get; }
    public UserStore Users { get; }

    public static async Task<TestDatabase> CreateAsync(SecurityOptions? security = null, bool seedDemoData = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "jarvis-core-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = new TestDatabase(folder, security ?? new SecurityOptions());
        db.DatabaseOptions.SeedDemoData = seedDemoData;
        await new SchemaInitializer(db.Database, Options.Create(db.DatabaseOptions), NullLogger<SchemaInitializer>.Instance).InitializeAsync();
        return db;
    }

    /// <summary>The customer service as the demo user <paramref name="username"/> (null: nobody logged in).</summary>
    public CustomerService ServiceAs(string? username) =>
        new(Database, new FixedUser(username is null ? null : UserOf(username)), Policy, Time);

    /// <summary>The customer service as any user, e.g. one made up for a test.</summary>
    public CustomerService ServiceAs(JarvisUser? user) => new(Database, new FixedUser(user), Policy, Time);

    public static JarvisUser UserOf(string username)
    {
        var u = DemoData.Users.Single(x => x.Username == username);
        return new JarvisUser(u.Id, u.Username, u.Type, u.CustomerId, u.Groups.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>One ACS_CUSTOMER row read straight from the file, past every access rule; null when there is none.</summary>
    public async Task<CustomerRow?> ReadRowAsync(long id)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<CustomerRow>(
            $"{CustomerRow.Select} WHERE ID = :id", new { id });
    }

    /// <summary>Every customer and service-number row, in id order: two equal snapshots mean nothing changed.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        await using var connection = await Database.OpenAsync();
        var customers = await connection.QueryAsync<CustomerRow>($"{CustomerRow.Select} ORDER BY ID");
        var numbers = await connection.QueryAsync<(long, string)>("SELECT CUSTOMER_ID, SN FROM ACS_CUSTOMER_SN ORDER BY ID");
        return [.. customers.Select(c => c.ToString()), .. numbers.Select(n => n.ToString())];
    }

    /// <summary>Every customer id in the file, ascending, past every access rule.</summary>
    public async Task<List<long>> AllCustomerIdsAsync()
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<long>("SELECT ID FROM ACS_CUSTOMER ORDER BY ID")).ToList();
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteAsync(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a failing test is left in the temp folder; it does not affect other tests.
        }

        await Task.CompletedTask;
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
}

/// <summary>One demo database shared by the read-only tests of a class (xunit class fixture).</summary>
public sealed class DemoDatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _db;

    public TestDatabase Db => _db ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
