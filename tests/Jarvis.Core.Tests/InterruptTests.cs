using Dapper;
using Jarvis.Core.Data;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Tests;

/// <summary>
/// A search the caller gave up on (a newer keystroke, a closed request) stops its statement instead of scanning on:
/// SQLite's statements are stopped through <see cref="ISqlDialect.InterruptOnCancel"/>.
/// </summary>
public sealed class InterruptTests
{
    // Counts to ten billion: minutes of work, so only an interrupt ends it within the test's wait.
    private const string LongStatement =
        "WITH RECURSIVE n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000000000) SELECT COUNT(*) FROM n";

    [Fact]
    public async Task Sqlite_CancelledWhileAStatementRuns_StopsIt()
    {
        var dialect = new SqliteDialect();
        await using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var cancellation = new CancellationTokenSource();

        var run = Task.Run(() =>
        {
            using var interrupt = dialect.InterruptOnCancel(connection, cancellation.Token);
            return connection.ExecuteScalar<long>(LongStatement);
        });
        await Task.Delay(100);
        cancellation.Cancel();

        try
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(dialect.IsInterrupted(error));
        }
        finally
        {
            // Had the interrupt not worked, the statement would run on and the connection could not close: end it here.
            SQLitePCL.raw.sqlite3_interrupt(connection.Handle);
            await run.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task Sqlite_RegistrationDisposed_LaterCancellationLeavesTheConnectionAlone()
    {
        var dialect = new SqliteDialect();
        await using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var cancellation = new CancellationTokenSource();
        using (dialect.InterruptOnCancel(connection, cancellation.Token))
        {
            Assert.Equal(1, connection.ExecuteScalar<long>("SELECT 1"));
        }

        var run = Task.Run(() => connection.ExecuteScalar<long>(
            "WITH RECURSIVE n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3000000) SELECT COUNT(*) FROM n"));
        await Task.Delay(20);
        cancellation.Cancel();

        Assert.Equal(3_000_000, await run.WaitAsync(TimeSpan.FromSeconds(60)));
    }
}
