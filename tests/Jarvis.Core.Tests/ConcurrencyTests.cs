using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Tests;

/// <summary>The embedded file in WAL mode: readers and one writer, on separate connections and pools, share it.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Schema_PutsTheFileInWalMode()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var connection = await db.Database.OpenAsync();

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Search_WhileAnotherConnectionHoldsAnOpenWriteTransaction_ReturnsTheCommittedRowsWithoutWaiting()
    {
        await using var db = await TestDatabase.CreateAsync();
        // A second "process": its own JarvisDatabase and a connection outside the first one's pool.
        await using var writer = new SqliteConnection(db.DatabaseOptions.ConnectionString + ";Pooling=False");
        await writer.OpenAsync();
        await using var tx = (SqliteTransaction)await writer.BeginTransactionAsync();
        await writer.ExecuteAsync("UPDATE ACS_CUSTOMER SET CUSTOMER_REFERENCE = 'UNCOMMITTED' WHERE ID = 3134", transaction: tx);

        var reader = new JarvisDatabase(Options.Create(db.DatabaseOptions));
        var statements = new CustomerStatements(reader);
        using var planner = new SearchPlanner(reader, statements);
        var service = new CustomerService(reader, statements, planner, new FixedUserFor("su"), db.Policy, db.Telemetry);
        var during = await service.SearchAsync(new CustomerQuery("rapi")).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(3));
        var countDuring = await service.CountAsync("rapi");

        await tx.CommitAsync();
        var after = await service.GetAsync(3134);

        Assert.Equal("430184/A", during.Single(c => c.Id == 3134).Reference);
        Assert.Equal(2, countDuring);
        Assert.Equal("UNCOMMITTED", after!.Reference);
    }

    [Fact]
    public async Task Update_WhileAnotherConnectionWrites_WaitsForItAndThenSucceeds()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var writer = new SqliteConnection(db.DatabaseOptions.ConnectionString + ";Pooling=False");
        await writer.OpenAsync();
        var tx = (SqliteTransaction)await writer.BeginTransactionAsync();
        await writer.ExecuteAsync("UPDATE ACS_CUSTOMER SET DESCRIPTION = 'other process' WHERE ID = 1551", transaction: tx);

        // Microsoft.Data.Sqlite's async calls complete synchronously, so the update runs as another request would: on the pool.
        var update = Task.Run(() => db.ServiceAs("su").UpdateAsync(3134, new CustomerChange("430184/B", null)));
        // It cannot finish while the other writer holds the lock (busy timeout 5 s); release the lock.
        Assert.False(update.IsCompleted);
        await tx.CommitAsync();
        await tx.DisposeAsync();

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(await update.WaitAsync(TimeSpan.FromSeconds(10))).Modified);
        Assert.Equal("430184/B", (await db.ReadRowAsync(3134))!.CustomerReference);
        Assert.Equal("other process", (await db.ReadRowAsync(1551))!.Description);
    }

    private sealed class FixedUserFor(string username) : Jarvis.Core.Security.ICurrentUser
    {
        public ValueTask<Jarvis.Core.Security.JarvisUser?> GetUserAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<Jarvis.Core.Security.JarvisUser?>(TestDatabase.UserOf(username));
    }
}
