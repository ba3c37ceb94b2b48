using Jarvis.Testing;

namespace Jarvis.Core.Tests;

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
