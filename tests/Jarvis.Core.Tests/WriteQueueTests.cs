using System.Data.Common;
using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Tests;

/// <summary>
/// API.md section 5: writes go one at a time through JarvisDatabase.BeginWriteAsync, in order of arrival; a write lock
/// held by another program ends in an outage after the configured wait, and writes work again once it is released.
/// </summary>
public sealed class WriteQueueTests
{
    [Fact]
    public async Task Queue_HandsTheLockOverInOrderOfArrival()
    {
        var queue = new WriterQueue();
        Assert.True(await queue.EnterAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        var order = new List<string>();
        var waiters = new List<Task>();
        foreach (var name in new[] { "first", "second", "third" })
        {
            waiters.Add(EnterThenRecordAsync(name));
            // Each waiter is queued before the next one starts.
            while (queue.Waiting < waiters.Count)
            {
                await Task.Yield();
            }
        }

        queue.Release();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["first", "second", "third"], order);

        async Task EnterThenRecordAsync(string name)
        {
            Assert.True(await queue.EnterAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
            lock (order)
            {
                order.Add(name);
            }

            queue.Release();
        }
    }

    [Fact]
    public async Task Queue_WaiterThatTimedOutOrWasCancelled_IsSkipped_AndTheNextOneGetsTheLock()
    {
        var queue = new WriterQueue();
        Assert.True(await queue.EnterAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        using var cancel = new CancellationTokenSource();
        var timesOut = queue.EnterAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        var cancelled = queue.EnterAsync(TimeSpan.FromSeconds(30), cancel.Token);
        var patient = queue.EnterAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.False(await timesOut.WaitAsync(TimeSpan.FromSeconds(10)));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(patient.IsCompleted);
        queue.Release();

        Assert.True(await patient.WaitAsync(TimeSpan.FromSeconds(10)));
        queue.Release();
        Assert.True(await queue.EnterAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task BeginWrite_WhileAnotherProgramHoldsTheWriteLock_IsAnOutageAfterTheWait_AndWorksAtOnceAfterRelease()
    {
        await using var db = await TestDatabase.CreateAsync(configure: o => o.WriteLockTimeout = 1);
        await using var other = new SqliteConnection(db.DatabaseOptions.ConnectionString + ";Pooling=False");
        await other.OpenAsync();
        await other.ExecuteAsync("BEGIN IMMEDIATE");

        var refused = await Assert.ThrowsAnyAsync<DbException>(async () =>
        {
            await using var write = await db.Database.BeginWriteAsync();
        });
        Assert.True(db.Database.Dialect.IsOutage(refused));
        // Reads go on meanwhile.
        Assert.Equal("430184/A", (await db.ServiceAs("su").GetAsync(3134))!.Reference);

        await other.ExecuteAsync("COMMIT");
        var updated = await db.ServiceAs("su").UpdateAsync(3134, new CustomerChange("430184/B", null), ChangeChannel.Api);

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(updated).Modified);
    }

    [Fact]
    public async Task BeginWrite_WhileThisProcessWrites_WaitsItsTurnAndHoldsTheFilesWriteLockFromTheStart()
    {
        await using var db = await TestDatabase.CreateAsync();
        var first = await db.Database.BeginWriteAsync();
        var second = Task.Run(() => db.Database.BeginWriteAsync());
        await Task.Delay(200);
        Assert.False(second.IsCompleted);

        // Another program cannot write while this process holds the lock, even before the first statement.
        await using (var other = new SqliteConnection(db.DatabaseOptions.ConnectionString + ";Pooling=False;Default Timeout=1"))
        {
            await other.OpenAsync();
            var busy = await Assert.ThrowsAsync<SqliteException>(() => other.ExecuteAsync("BEGIN IMMEDIATE"));
            Assert.Equal(5, busy.SqliteErrorCode);
        }

        await first.DisposeAsync();
        await using var next = await second.WaitAsync(TimeSpan.FromSeconds(10));
        await next.Connection.ExecuteAsync(
            "UPDATE ACS_CUSTOMER SET DESCRIPTION = 'queued' WHERE ID = 3134", transaction: next.Transaction);
        await next.CommitAsync();

        Assert.Equal("queued", (await db.ReadRowAsync(3134))!.Description);
    }
}
