using System.Collections.Concurrent;
using System.Diagnostics;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Tests;

/// <summary>
/// The live change feed: the history rows (API.md section 7) written by any connection or process on the file reach
/// the subscribers of those customers, in ID order, each once; a change made through this process's service at once.
/// </summary>
public sealed class CustomerChangeFeedTests
{
    private const long Rapidity = 3134;
    private const long Locator = 1551;

    [Fact]
    public async Task Reader_RowsWrittenByAnotherConnection_ReachTheSubscribersInOrderEachOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (feed, reader) = NewReader(db);
        await reader.PollAsync();
        var seen = new ConcurrentQueue<CustomerChangeNotice>();
        using var subscription = feed.Subscribe([Rapidity, Locator], seen.Enqueue);

        await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("R-1", "First"), ChangeChannel.Api);
        await db.ServiceAs("su").UpdateAsync(Locator, new CustomerChange("L-1", null), ChangeChannel.Api);
        await db.ServiceAs("rapidity").UpdateAsync(Rapidity, new CustomerChange("R-2", "First"), ChangeChannel.Portal);
        await reader.PollAsync();
        await reader.PollAsync();

        Assert.Equal(
            [
                (Rapidity, "customer_reference", "R-1", "su"), (Rapidity, "description", "First", "su"),
                (Locator, "customer_reference", "L-1", "su"), (Locator, "description", null, "su"),
                (Rapidity, "customer_reference", "R-2", "rapidity"),
            ],
            seen.SelectMany(n => n.Changes.Select(c => (n.CustomerId, c.Field, c.New, c.Username))).ToList());
        Assert.Equal([Rapidity, Locator, Rapidity], seen.Select(n => n.CustomerId).ToList());
        Assert.Equal("portal", seen.Last().Latest.Via);
        Assert.False(seen.Last().IsDelete);
    }

    [Fact]
    public async Task Reader_RowsWrittenByAnotherProcessOnTheFile_ReachTheSubscribers()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (feed, reader) = NewReader(db);
        await reader.PollAsync();
        var seen = new ConcurrentQueue<CustomerChangeNotice>();
        using var subscription = feed.Subscribe([Rapidity], seen.Enqueue);

        await WriteHistoryFromAnotherProcessAsync(db.FilePath, Rapidity, "customer_reference", "430184/A", "FROM-CLI");
        await WriteHistoryFromAnotherProcessAsync(db.FilePath, Rapidity, "description", null, "Typed elsewhere");
        await reader.PollAsync();
        await reader.PollAsync();

        Assert.Equal(
            [("customer_reference", "430184/A", "FROM-CLI"), ("description", null, "Typed elsewhere")],
            seen.SelectMany(n => n.Changes.Select(c => (c.Field, c.Old, c.New))).ToList());
    }

    [Fact]
    public async Task Reader_StartsAtTheNewestRow_AndRowsOfCustomersNobodyWatchesReachNobody()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("BEFORE", null), ChangeChannel.Api);
        var (feed, reader) = NewReader(db);
        var seen = new ConcurrentQueue<CustomerChangeNotice>();
        using var subscription = feed.Subscribe([Rapidity], seen.Enqueue);

        Assert.Equal(0, await reader.PollAsync());
        await db.ServiceAs("su").UpdateAsync(Locator, new CustomerChange("UNWATCHED", null), ChangeChannel.Api);
        Assert.Equal(2, await reader.PollAsync());

        Assert.Empty(seen);
        Assert.Equal(await db.CountAsync("SELECT MAX(ID) FROM JARVIS_CUSTOMER_HISTORY"), reader.Position);
    }

    [Fact]
    public async Task Reader_ARowThatCommitsAfterAHigherId_IsStillDeliveredOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (feed, reader) = NewReader(db);
        await reader.PollAsync();
        var seen = new ConcurrentQueue<CustomerChangeNotice>();
        using var subscription = feed.Subscribe([Rapidity], seen.Enqueue);
        var start = reader.Position!.Value;

        // Oracle hands out identity values before the commit: ID start + 2 can be visible before start + 1.
        await InsertHistoryWithIdAsync(db, start + 2, "SECOND-ID");
        await reader.PollAsync();
        await InsertHistoryWithIdAsync(db, start + 1, "FIRST-ID-LATE");
        await reader.PollAsync();
        await reader.PollAsync();

        Assert.Equal(["SECOND-ID", "FIRST-ID-LATE"], seen.Select(n => n.Latest.New));
        Assert.Equal(start + 2, reader.Position);
    }

    [Fact]
    public async Task Service_ChangeInThisProcess_IsAnnouncedAtOnce_AndNotAgainWhenTheReaderFindsItsRows()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (feed, reader) = NewReader(db);
        await reader.PollAsync();
        var seen = new ConcurrentQueue<CustomerChangeNotice>();
        using var subscription = feed.Subscribe([Rapidity], seen.Enqueue);
        var service = new CustomerService(
            db.Database, db.Statements, db.Planner, new User("su"), db.Policy, db.Telemetry, db.Time, feed);

        await service.UpdateAsync(Rapidity, new CustomerChange("HERE", "Here too"), ChangeChannel.Portal);

        var notice = Assert.Single(seen);
        Assert.Equal(["customer_reference", "description"], notice.Changes.Select(c => c.Field));
        Assert.Equal(db.Time.GetUtcNow(), notice.Latest.ChangedAt);
        await reader.PollAsync();
        Assert.Single(seen);

        await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("ELSEWHERE", "Here too"), ChangeChannel.Api);
        await reader.PollAsync();
        Assert.Equal("ELSEWHERE", seen.Last().Latest.New);
    }

    [Fact]
    public async Task Service_CreateAndDeleteInThisProcess_AreAnnounced_TheDeleteAsADelete()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (feed, reader) = NewReader(db);
        await reader.PollAsync();
        var service = new CustomerService(
            db.Database, db.Statements, db.Planner, new User("su"), db.Policy, db.Telemetry, db.Time, feed);
        var created = Assert.IsType<CreateResult.Created>(
            await service.CreateAsync(new NewCustomer("Live Feed Ltd", "LF-1", null, null), ChangeChannel.Api));
        var seen = new ConcurrentQueue<CustomerChangeNotice>();
        using var subscription = feed.Subscribe([created.Id], seen.Enqueue);

        Assert.Equal(new DeleteResult.Deleted(1), await service.DeleteAsync(created.Id, ChangeChannel.Portal));
        await reader.PollAsync();

        var notice = Assert.Single(seen);
        Assert.True(notice.IsDelete);
        Assert.Equal([("name", "Live Feed Ltd"), ("customer_reference", "LF-1")], notice.Changes.Select(c => (c.Field, c.Old)));
        Assert.All(notice.Changes, c => Assert.Null(c.New));
    }

    [Fact]
    public async Task Subscription_Disposed_OrWatchingOtherIds_GetsNoMoreChangesOfTheOldOnes()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (feed, reader) = NewReader(db);
        await reader.PollAsync();
        var first = new ConcurrentQueue<CustomerChangeNotice>();
        var second = new ConcurrentQueue<CustomerChangeNotice>();
        var disposed = feed.Subscribe([Rapidity], first.Enqueue);
        using var moved = feed.Subscribe([Rapidity], second.Enqueue);

        disposed.Dispose();
        moved.Watch([Locator]);
        await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("R", null), ChangeChannel.Api);
        await db.ServiceAs("su").UpdateAsync(Locator, new CustomerChange("L", null), ChangeChannel.Api);
        await reader.PollAsync();

        Assert.Empty(first);
        Assert.Equal([Locator], second.Select(n => n.CustomerId));
        Assert.Equal(1, feed.WatchedCustomers);
    }

    [Fact]
    public async Task Subscriber_ThatThrows_DoesNotKeepTheChangeFromTheOthers()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (feed, reader) = NewReader(db);
        await reader.PollAsync();
        var seen = new ConcurrentQueue<CustomerChangeNotice>();
        using var failing = feed.Subscribe([Rapidity], _ => throw new InvalidOperationException("page gone"));
        using var working = feed.Subscribe([Rapidity], seen.Enqueue);

        await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("R", null), ChangeChannel.Api);
        await reader.PollAsync();

        Assert.Single(seen);
    }

    [Fact]
    public async Task Run_WhileTheDatabaseIsUnavailable_KeepsRunning_AndResumesWhereItWas()
    {
        await using var db = await TestDatabase.CreateAsync();
        var log = new WarningLog();
        // Its own connections, not pooled, that never create the file: away means unavailable.
        var readerDatabase = new JarvisDatabase(Options.Create(new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = db.FilePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 5,
            }.ToString(),
        }), db.Factory);
        var feed = new CustomerChangeFeed(NullLogger<CustomerChangeFeed>.Instance);
        var reader = new CustomerChangeReader(readerDatabase, feed, Options.Create(new CustomerChangeFeedOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(20), MaxRetryInterval = TimeSpan.FromMilliseconds(100),
        }), log);
        var seen = new ConcurrentQueue<CustomerChangeNotice>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe([Rapidity], n =>
        {
            seen.Enqueue(n);
            if (seen.Count == 2)
            {
                both.TrySetResult();
            }
        });
        using var stop = new CancellationTokenSource();
        // Placed at the newest change before the update: placed after it, the reader would start past it.
        await reader.PollAsync();
        var running = reader.RunAsync(stop.Token);
        await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("BEFORE", null), ChangeChannel.Api);
        await WaitUntilAsync(() => seen.Count == 1);

        SqliteConnection.ClearAllPools();
        var away = db.FilePath + ".away";
        File.Move(db.FilePath, away);
        await log.FirstWarning.WaitAsync(TimeSpan.FromSeconds(10));
        await WriteHistoryFromAnotherProcessAsync(away, Rapidity, "customer_reference", "BEFORE", "WHILE-AWAY");
        Assert.False(running.IsCompleted);
        File.Move(away, db.FilePath);
        await both.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["BEFORE", "WHILE-AWAY"], seen.Select(n => n.Latest.New));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(running.IsCompletedSuccessfully);
    }

    [Fact]
    public void Notice_WithANameRowWithoutANewValue_IsADelete()
    {
        var at = DateTimeOffset.UnixEpoch;
        var delete = new CustomerChangeNotice(Rapidity,
            [new("name", "Rapidity", null, "su", at, "api"), new("customer_reference", "430184/A", null, "su", at, "api")]);
        var create = new CustomerChangeNotice(Rapidity, [new("name", null, "Rapidity", "su", at, "api")]);

        Assert.True(delete.IsDelete);
        Assert.False(create.IsDelete);
    }

    private static (CustomerChangeFeed Feed, CustomerChangeReader Reader) NewReader(TestDatabase db)
    {
        var feed = new CustomerChangeFeed(NullLogger<CustomerChangeFeed>.Instance);
        // A database object of its own: the reader shares nothing with the writers but the file.
        var database = new JarvisDatabase(Options.Create(db.DatabaseOptions), db.Factory);
        return (feed, new CustomerChangeReader(
            database, feed, Options.Create(new CustomerChangeFeedOptions()), NullLogger<CustomerChangeReader>.Instance));
    }

    /// <summary>
    /// Inserts a history row with the stock sqlite3 tool, a process of its own; where the tool is not installed, with a
    /// connection of its own outside Jarvis.
    /// </summary>
    private static async Task WriteHistoryFromAnotherProcessAsync(string file, long customerId, string field, string? old, string @new)
    {
        static string Literal(string? s) => s is null ? "NULL" : $"'{s.Replace("'", "''")}'";
        var sql = $"""
            INSERT INTO JARVIS_CUSTOMER_HISTORY (CHANGED_AT, USERNAME, CUSTOMER_ID, FIELD, OLD_VALUE, NEW_VALUE, VIA)
            VALUES (1795000000, 'su', {customerId}, '{field}', {Literal(old)}, {Literal(@new)}, 'api');
            """;
        var tool = new[] { "/usr/bin/sqlite3", "/usr/local/bin/sqlite3" }.FirstOrDefault(File.Exists);
        if (tool is null)
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
            return;
        }

        using var process = Process.Start(new ProcessStartInfo(tool, ["-cmd", ".timeout 5000", file, sql])
        {
            RedirectStandardError = true,
        })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"sqlite3 failed: {error}");
    }

    private static Task InsertHistoryWithIdAsync(TestDatabase db, long id, string newValue) => db.ExecuteAsync("""
        INSERT INTO JARVIS_CUSTOMER_HISTORY (ID, CHANGED_AT, USERNAME, CUSTOMER_ID, FIELD, OLD_VALUE, NEW_VALUE, VIA)
        VALUES (:id, 1795000000, 'su', 3134, 'customer_reference', NULL, :new_value, 'api')
        """, new { id, new_value = newValue });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(10);
        }
    }

    private sealed class User(string username) : ICurrentUser
    {
        public ValueTask<JarvisUser?> GetUserAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<JarvisUser?>(TestDatabase.UserOf(username));
    }

    private sealed class WarningLog : ILogger<CustomerChangeReader>
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstWarning => _first.Task;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                _first.TrySetResult();
            }
        }
    }
}
