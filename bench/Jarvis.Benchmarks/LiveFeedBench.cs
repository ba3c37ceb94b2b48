using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jarvis.Benchmarks;

/// <summary>
/// The change feed's cost and delay (--live): one process with 200 subscriptions (pages), each re-reading its customer
/// through CustomerService when told, as the customer page does. Idle: the process's CPU with and without the reader.
/// Under load: changes at a fixed rate written by a service outside the feed (as another portal process on the file
/// writes them), so every change travels through the reader; the delay is from the start of the write to the page's
/// re-read showing the new value.
/// </summary>
internal static class LiveFeedBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pages = Option(args, "--pages", 200);
        var customersWatched = Option(args, "--watched", 20);
        var rate = Option(args, "--rate", 10);
        var seconds = Option(args, "--seconds", 60);
        var historyRows = Option(args, "--history", 1_000_000);
        var folder = Path.Combine(Path.GetTempPath(), "jarvis-live-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        try
        {
            Console.WriteLine($"# Change feed benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            Console.WriteLine(Machine.Describe());
            var file = Path.Combine(folder, "live.db");
            var options = new DatabaseOptions
            {
                Provider = DatabaseProvider.Sqlite,
                ConnectionString = $"Data Source={file};Default Timeout=5",
                SeedDemoData = true,
            };
            var database = new JarvisDatabase(Options.Create(options));
            await new SchemaInitializer(database, Options.Create(options), NullLogger<SchemaInitializer>.Instance).InitializeAsync();
            await FillHistoryAsync(database, historyRows);
            var statements = new CustomerStatements(database);
            using var planner = new SearchPlanner(database, statements);
            var policy = new AccessPolicy(Options.Create(new SecurityOptions()));
            var feed = new CustomerChangeFeed(NullLogger<CustomerChangeFeed>.Instance);
            var pageService = new CustomerService(database, statements, planner, new FixedUser(Bench.Su), policy, Bench.Telemetry(), null, feed);
            // Another process's writes: the same file, a service that does not announce on this feed.
            var otherProcess = new CustomerService(
                new JarvisDatabase(Options.Create(options)), statements, planner, new FixedUser(Bench.Su), policy, Bench.Telemetry());

            await using (var connection = await database.OpenAsync())
            {
                var plan = (await connection.QueryAsync("EXPLAIN QUERY PLAN " + new CustomerChangeSql(database.Dialect).RowsAfter,
                    new { after = 1 })).Select(r => (string)((IDictionary<string, object>)r)["detail"]);
                Console.WriteLine($"{historyRows:N0} history rows. Plan of the poll: {string.Join("; ", plan)}");
            }

            var pollReader = new CustomerChangeReader(database, new CustomerChangeFeed(NullLogger<CustomerChangeFeed>.Instance),
                Options.Create(new CustomerChangeFeedOptions()), NullLogger<CustomerChangeReader>.Instance);
            await pollReader.PollAsync();
            var pollTimes = new List<double>();
            for (var i = 0; i < 2000; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await pollReader.PollAsync();
                pollTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            Console.WriteLine($"One poll with nothing new (2,000 polls): median {Percentile(pollTimes, 50):F3} ms, " +
                $"p99 {Percentile(pollTimes, 99):F3} ms. {Machine.Load()}");

            var ids = (await pageService.SearchAsync(new CustomerQuery(null, 0, customersWatched)).Select(c => c.Id).ToListAsync()).ToArray();
            var expected = new ConcurrentDictionary<(long Id, string Reference), long>();
            var delays = new ConcurrentBag<double>();
            var seen = 0L;
            var subscriptions = new List<IDisposable>();
            for (var p = 0; p < pages; p++)
            {
                var id = ids[p % ids.Length];
                subscriptions.Add(feed.Subscribe([id], notice => _ = Task.Run(async () =>
                {
                    // What the page does: re-read through the service, then show.
                    var now = await pageService.GetAsync(id);
                    if (now?.Reference is { } reference && expected.TryGetValue((id, reference), out var writtenAt))
                    {
                        delays.Add(Stopwatch.GetElapsedTime(writtenAt).TotalMilliseconds);
                        Interlocked.Increment(ref seen);
                    }
                })));
            }

            Console.WriteLine($"{pages} subscriptions over {ids.Length} customers ({pages / ids.Length} pages each).");
            using var stop = new CancellationTokenSource();
            var reader = new CustomerChangeReader(database, feed, Options.Create(new CustomerChangeFeedOptions()), NullLogger<CustomerChangeReader>.Instance);

            var idleWithout = await CpuOverAsync(TimeSpan.FromSeconds(seconds / 2));
            Console.WriteLine($"Idle, reader not running, {seconds / 2} s: process CPU {idleWithout.Cpu.TotalMilliseconds:F0} ms " +
                $"({idleWithout.Percent:F2} % of one core). {Machine.Load()}");
            var running = reader.RunAsync(stop.Token);
            var idleWith = await CpuOverAsync(TimeSpan.FromSeconds(seconds / 2));
            Console.WriteLine($"Idle, reader polling every 500 ms, {seconds / 2} s: process CPU {idleWith.Cpu.TotalMilliseconds:F0} ms " +
                $"({idleWith.Percent:F2} % of one core). {Machine.Load()}");

            var changes = rate * seconds;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var n = 0; n < changes; n++)
            {
                var due = TimeSpan.FromSeconds((double)n / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                var id = ids[n % ids.Length];
                var reference = $"LIVE-{n}";
                expected[(id, reference)] = Stopwatch.GetTimestamp();
                await otherProcess.UpdateAsync(id, new CustomerChange(reference, null), ChangeChannel.Api);
            }

            var writing = clock.Elapsed;
            var wanted = (long)changes * (pages / ids.Length);
            var deadline = Stopwatch.StartNew();
            while (Interlocked.Read(ref seen) < wanted && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var all = delays.ToList();
            Console.WriteLine($"{changes} changes at {rate}/s written in {writing.TotalSeconds:F1} s by another service on the file; " +
                $"{seen:N0} of {wanted:N0} page updates seen (every page of the changed customer, each change).");
            Console.WriteLine($"Write to page showing it: median {Percentile(all, 50):F0} ms, p95 {Percentile(all, 95):F0} ms, " +
                $"p99 {Percentile(all, 99):F0} ms, max {all.DefaultIfEmpty().Max():F0} ms; over 2 s: {all.Count(d => d > 2000)}. " +
                $"Process CPU during the run {cpu.TotalMilliseconds:F0} ms. {Machine.Load()}");

            // The same writes through this process's own service: announced at once, without the reader.
            delays.Clear();
            Interlocked.Exchange(ref seen, 0);
            for (var n = 0; n < rate * 10; n++)
            {
                var id = ids[n % ids.Length];
                var reference = $"HERE-{n}";
                expected[(id, reference)] = Stopwatch.GetTimestamp();
                await pageService.UpdateAsync(id, new CustomerChange(reference, null), ChangeChannel.Portal);
                await Task.Delay(1000 / rate);
            }

            await Task.Delay(1000);
            var local = delays.ToList();
            Console.WriteLine($"{rate * 10} changes through this process's service: {seen} page updates; median " +
                $"{Percentile(local, 50):F0} ms, max {local.DefaultIfEmpty().Max():F0} ms. {Machine.Load()}");

            await stop.CancelAsync();
            await running;
            subscriptions.ForEach(s => s.Dispose());
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task FillHistoryAsync(JarvisDatabase database, int rows)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
            INSERT INTO JARVIS_CUSTOMER_HISTORY (CHANGED_AT, USERNAME, CUSTOMER_ID, FIELD, OLD_VALUE, NEW_VALUE, VIA)
            SELECT 1790000000 + i, 'su', 1551, 'description', 'old ' || i, 'new ' || i, 'api' FROM n
            """);
    }

    private static async Task<(TimeSpan Cpu, double Percent)> CpuOverAsync(TimeSpan window)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(window);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - before;
        return (cpu, cpu / window * 100);
    }

    private static double Percentile(List<double> values, int percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}
