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
        DatabaseOptions = new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(folder, "jarvis.db")};Default Timeout=5",
            SeedDemoData = true,
        };
        Security = security;
        Database = new JarvisDatabase(Options.Create(DatabaseOptions));
        Policy = new AccessPolicy(Options.Create(security));
        Sessions = new SessionStore(Database, Options.Create(security), Time);
        Users = new UserStore(Database, Policy, Sessions);
    }

    public DatabaseOptions DatabaseOptions { get; }
    public SecurityOptions Security { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    public JarvisDatabase Database { get; }
    public AccessPolicy Policy { get; }
    public SessionStore Sessions { get; }
    public UserStore Users { get; }

    public static async Task<TestDatabase> CreateAsync(SecurityOptions? security = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "jarvis-core-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = new TestDatabase(folder, security ?? new SecurityOptions());
        await new SchemaInitializer(db.Database, Options.Create(db.DatabaseOptions), NullLogger<SchemaInitializer>.Instance).InitializeAsync();
        return db;
    }

    /// <summary>The customer service as the demo user <paramref name="username"/> (null: nobody logged in).</summary>
    public CustomerService ServiceAs(string? username) =>
        new(Database, new FixedUser(username is null ? null : UserOf(username)), Policy);

    public static JarvisUser UserOf(string username)
    {
        var u = DemoData.Users.Single(x => x.Username == username);
        return new JarvisUser(u.Id, u.Username, u.Type, u.CustomerId, u.Groups.Order(StringComparer.Ordinal).ToList());
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
