using System.Diagnostics;
using System.Runtime.InteropServices;
using Dapper;
using Jarvis.Benchmarks;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Diagnostics;
using Jarvis.Core.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Usage: dotnet run -c Release --project bench/Jarvis.Benchmarks [-- --customers 1000000 --runs 30 --warmup 5
//        --baseline-runs 5 --db PATH]
// --db PATH keeps the built file there and reuses it on the next run (same --customers); without it a temp file is
// built and deleted. --data-only builds the file without the search index and stops (a copy of it measures the
// index build as Jarvis does it at start for an existing database). --profile prints where the time of each term's (with --words: of each common word's API page)
// count and first page goes: SQLite's time per statement and the statements' query plans. --lists measures every
// common word's first page and the portal's list views (ListViews.cs). Internal: --stream <db file> <expected rows> (a child process that only streams, so its peak
// working set is its own).
if (args is ["--live", ..])
{
    // The change feed: 200 subscriptions idle and under 10 changes/s (LiveFeedBench.cs).
    return await LiveFeedBench.RunAsync(args);
}

if (args is ["--stream", var streamFile, var expected])
{
    return await StreamChild.RunAsync(streamFile, long.Parse(expected));
}

var customers = Option("--customers", 1_000_000);
var runs = Option("--runs", 30);
var warmup = Option("--warmup", 5);
var baselineRuns = Option("--baseline-runs", 5);
var dbIndex = Array.IndexOf(args, "--db");
var keptFile = dbIndex >= 0 && dbIndex + 1 < args.Length ? Path.GetFullPath(args[dbIndex + 1]) : null;
var folder = Path.Combine(Path.GetTempPath(), "jarvis-bench-" + Environment.ProcessId);
var file = keptFile ?? Path.Combine(folder, "bench.db");
Directory.CreateDirectory(Path.GetDirectoryName(file)!);
try
{
    var bench = new Bench(runs, warmup);
    Console.WriteLine($"# Jarvis.Core benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    Console.WriteLine();
    Console.WriteLine(Machine.Describe());
    Console.WriteLine();

    var database = await Bench.OpenOrBuildAsync(file, customers, buildIndex: !args.Contains("--data-only"));
    if (args.Contains("--data-only"))
    {
        return 0;
    }

    // One set of statements and plan hints for both users, as the portal's singleton.
    var statements = new CustomerStatements(database);
    if (args.Contains("--lists"))
    {
        await ListViews.RunAsync(database, statements, bench);
        return 0;
    }

    if (args.Contains("--profile"))
    {
        await Profile.RunAsync(database, statements, runs, args.Contains("--words"));
        return 0;
    }

    using var planner = new SearchPlanner(database, statements);
    var su = Bench.ServiceAs(database, statements, planner, Bench.Su);
    var acs = Bench.ServiceAs(database, statements, planner, Bench.AcsUser);
    Console.WriteLine($"{await su.CountAsync(null):N0} customers; the ACS user's customer {Bench.AcsRoot} has " +
        $"{await acs.CountAsync(null) - 1:N0} customers below it. Load: {Machine.Load()}");
    Console.WriteLine();
    Console.WriteLine($"The portal's count (exact up to {CustomerService.CountDisplayLimit:N0}) and first page of 25 in name order, " +
        $"as one SearchPageAsync call, and as the two calls CountUpToLimitAsync + SearchAsync ({warmup} warm-up " +
        $"runs, then {runs} measured; 2-character terms and the baseline, today's exact count + first page with the scan " +
        $"statements on the same file: {baselineRuns} measured after 1 warm-up), milliseconds:");
    Console.WriteLine();
    Console.WriteLine("| user | term | matches | median | p95 | CPU median | two calls median | two calls p95 | baseline median | baseline p95 | speed-up (median) |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    var baselineBench = new Bench(baselineRuns, 1);
    var baseline = new Baseline(database);
    foreach (var (user, service, scope) in new[] { ("su", su, (SeeAll: true, Root: (long?)null)), ("ACS", acs, (SeeAll: false, Root: (long?)Bench.AcsRoot)) })
    {
        foreach (var (label, term) in Bench.Terms)
        {
            var count = await service.CountAsync(term);
            var termBench = label == "2 characters" ? baselineBench : bench;
            var after = await termBench.MeasureAsync(async () => (await service.SearchPageAsync(new CustomerQuery(term, 0, 25))).Items.Count);
            var twoCalls = await termBench.MeasureAsync(async () =>
            {
                await service.CountUpToLimitAsync(term);
                return await service.SearchAsync(new CustomerQuery(term, 0, 25)).CountAsync();
            });
            var before = user == "su" && label != "2 characters"
                ? await baselineBench.MeasureAsync(() => baseline.CountAndFirstPageAsync(term, scope.SeeAll, scope.Root))
                : null;
            Console.WriteLine($"| {user} | {label} `{term}` | {count:N0} | {after.Median:F2} | {after.P95:F2} | {after.CpuMedian:F1} | " +
                $"{twoCalls.Median:F2} | {twoCalls.P95:F2} | " +
                (before is null ? "| | |" : $"{before.Median:F1} | {before.P95:F1} | {before.Median / after.Median:F0}x |"));
        }
    }

    Console.WriteLine();
    Console.WriteLine($"Load: {Machine.Load()}");
    Console.WriteLine();
    Console.WriteLine("| operation (as su) | median | p95 | CPU median |");
    Console.WriteLine("|---|---:|---:|---:|");
    var ids = DemoData.GenerateCustomers(Math.Min(customers, 1000)).Select(c => c.Id).ToArray();
    var next = 0;
    Bench.Row("GetAsync(id)", await bench.MeasureAsync(async () => (await su.GetAsync(ids[next++ % ids.Length]))!.Id));
    var version = 0;
    Bench.Row("UpdateAsync(id, change)", await bench.MeasureAsync(async () =>
    {
        var result = await su.UpdateAsync(ids[version % ids.Length], new CustomerChange($"BENCH-{Environment.ProcessId}-{version}", $"run {version}"), ChangeChannel.Api);
        version++;
        return result is UpdateResult.Updated { Modified: 1 } ? 1 : throw new InvalidOperationException($"Update failed: {result}");
    }));
    Bench.Row("CountAsync (exact), term \"bakery\"", await bench.MeasureAsync(() => su.CountAsync("bakery")));
    Bench.Row("CountAsync (exact), term \"\"", await bench.MeasureAsync(() => su.CountAsync("")));
    Bench.Row("first page of 25, term \"\", sort by reference", await bench.MeasureAsync(async () =>
        await su.SearchAsync(new CustomerQuery("", 0, 25, CustomerSort.ReferenceAscending)).CountAsync()));
    Bench.Row("page 400 of 25, term \"bakery\" (sorted, past the walk)", await bench.MeasureAsync(async () =>
        await su.SearchAsync(new CustomerQuery("bakery", 10_000, 25)).CountAsync()));

    // What the first search of a name costs before its pieces were ever counted: the names the Playwright bench types.
    Console.WriteLine();
    Console.WriteLine("First search of a new name, SearchPageAsync as su with fresh CustomerStatements (no piece counted yet, as " +
        "after a start), then the same term again; 23 names (every 43,219th customer's, without the first word), milliseconds:");
    Console.WriteLine();
    Console.WriteLine("| search | median | max |");
    Console.WriteLine("|---|---:|---:|");
    List<string> names;
    await using (var connection = await database.OpenAsync())
    {
        names = [.. (await connection.QueryAsync<string>("SELECT NAME FROM ACS_CUSTOMER WHERE ID % 43219 = 7 ORDER BY ID LIMIT 23"))
            .Select(n => n[(n.IndexOf(' ', StringComparison.Ordinal) + 1)..])];
    }

    using var freshPlanner = new SearchPlanner(database, statements);
    var fresh = Bench.ServiceAs(database, statements, freshPlanner, Bench.Su);
    var (firstTimes, againTimes) = (new List<double>(), new List<double>());
    foreach (var name in names)
    {
        foreach (var times in new[] { firstTimes, againTimes })
        {
            var watch = Stopwatch.StartNew();
            await fresh.SearchPageAsync(new CustomerQuery(name, 0, 25));
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    foreach (var (label, times) in new[] { ("first", firstTimes), ("again", againTimes) })
    {
        times.Sort();
        Console.WriteLine($"| {label} | {times[times.Count / 2]:F2} | {times[^1]:F2} |");
    }

    Console.WriteLine();
    Console.WriteLine("Streaming every row of SearchAsync (term \"\", name order) in a fresh child process:");
    Console.WriteLine();
    Console.WriteLine("| customers | rows streamed | time s | allocated MB | allocated bytes/row | working set before MB | peak working set MB | private before MB | peak private MB | peak managed heap MB |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    SqliteConnection.ClearAllPools();
    Console.WriteLine(await StreamChild.LaunchAsync(file, await su.CountAsync(null)));
    Console.WriteLine($"Load: {Machine.Load()}");
    return 0;
}
finally
{
    SqliteConnection.ClearAllPools();
    if (keptFile is null)
    {
        Directory.Delete(folder, recursive: true);
    }
    else
    {
        Console.WriteLine($"Kept the database: {keptFile}");
    }
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}

namespace Jarvis.Benchmarks
{
    internal sealed class Bench(int runs, int warmup)
    {
        public int Runs => runs;

        public static readonly JarvisUser Su = new(1, "su", UserType.Smf, null, ["ACS_BOSS", "CCS Superuser"]);

        /// <summary>A generated customer that the build gives 2,000 customers below it, in a tree four levels deep.</summary>
        public const long AcsRoot = DemoData.FirstGeneratedId + 500_000;

        public const int AcsBelow = 2_000;

        public static readonly JarvisUser AcsUser = new(3, "acs-bench", UserType.Acs, AcsRoot, ["AcsPermissionLevel6"]);

        /// <summary>The terms of the targets: label and term.</summary>
        /// <summary>
        /// What the demo generator does not give a large site: references on 70 % of the customers (unique, in no relation
        /// to the names), and words in 1-10 % of the names (chosen apart from each other), spread through the name order (appended) or clustered at
        /// its start and end (prepended). The demo's own words are in 4 % (first words, clustered), 5 % (trades,
        /// spread) and 14 % (suffixes) of the names. Plain SQL, so the stock sqlite3 tool can apply it to a kept file.
        /// </summary>
        public const string Enrichment = """
            UPDATE ACS_CUSTOMER SET CUSTOMER_REFERENCE = printf('R%08d', (ID * 7919) % 10000019) WHERE ID >= :first AND ID % 10 < 7;
            UPDATE ACS_CUSTOMER SET NAME = NAME || ' Wholesale' WHERE length(NAME) <= 50 - length(' Wholesale') AND ID >= :first AND ID % 100 = 3;
            UPDATE ACS_CUSTOMER SET NAME = NAME || ' Trading' WHERE length(NAME) <= 50 - length(' Trading') AND ID >= :first AND ID % 50 = 7;
            UPDATE ACS_CUSTOMER SET NAME = NAME || ' Holdings' WHERE length(NAME) <= 50 - length(' Holdings') AND ID >= :first AND ID % 25 = 4;
            UPDATE ACS_CUSTOMER SET NAME = NAME || ' International' WHERE length(NAME) <= 50 - length(' International') AND ID >= :first AND ID % 10 = 1;
            UPDATE ACS_CUSTOMER SET NAME = 'Acorn ' || NAME WHERE length(NAME) <= 50 - length('Acorn ') AND ID >= :first AND ((ID * 2654435761) / 4096) % 100 = 19;
            UPDATE ACS_CUSTOMER SET NAME = 'Zenith ' || NAME WHERE length(NAME) <= 50 - length('Zenith ') AND ID >= :first AND ((ID * 2246822519) / 4096) % 200 IN (5, 6, 9);
            """;

        /// <summary>Words in 1-10 % of the names of the enriched file: each is searched for its first page.</summary>
        public static readonly string[] CommonWords =
        [
            "wholesale", "trading", "holdings", "international", "acorn", "zenith", "northgate", "beacon", "stonegate",
            "westbrook", "bakery", "logistics", "optics", "travel",
        ];

        public static readonly (string Label, string Term)[] Terms =
        [
            ("selective name fragment", "roofing inc 77"),
            ("7-digit number fragment", "8001234"),
            ("no match", "zzqx"),
            ("common word", "bakery"),
            ("empty term", ""),
            ("2 characters", "qx"),
        ];

        public static CustomerService ServiceAs(JarvisDatabase database, CustomerStatements statements, SearchPlanner planner, JarvisUser user) =>
            new(database, statements, planner, new FixedUser(user), new AccessPolicy(Options.Create(new SecurityOptions().ApplyDefaults())), Telemetry());

        private sealed class OwnMeters : System.Diagnostics.Metrics.IMeterFactory
        {
            public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

            public void Dispose()
            {
            }
        }

        public static JarvisTelemetry Telemetry() =>
            new(new OwnMeters(),
                NullLoggerFactory.Instance);

        /// <summary>
        /// Opens <paramref name="file"/> when it holds a built benchmark database, else builds it: the tables, the
        /// customers (<see cref="DemoData.GenerateCustomers"/>), the ACS subtree, then the search index as Jarvis builds
        /// it at start for an existing database. Prints each step's time, the file's size and the machine's load.
        /// </summary>
        public static async Task<JarvisDatabase> OpenOrBuildAsync(string file, int generated, bool buildIndex)
        {
            var options = new DatabaseOptions
            {
                Provider = DatabaseProvider.Sqlite,
                ConnectionString = $"Data Source={file};Default Timeout=30",
                SeedDemoData = false,
            };
            var database = new JarvisDatabase(Options.Create(options));
            var initializer = new SchemaInitializer(database, Options.Create(options), NullLogger<SchemaInitializer>.Instance);
            if (File.Exists(file))
            {
                // A file from an earlier run (or one whose index is not built yet: it is built now, as Jarvis does at start).
                await initializer.CreateTablesAsync();
                var reusedSize = Size(file);
                var build = Stopwatch.StartNew();
                await initializer.EnsureSearchIndexAsync();
                await CheckpointAsync(database);
                Console.WriteLine($"Reused {file} ({reusedSize}); search index check or build {build.Elapsed.TotalSeconds:F1} s; " +
                    $"now {Size(file)}. Load: {Machine.Load()}");
                Console.WriteLine();
                return database;
            }

            await initializer.CreateTablesAsync();
            var watch = Stopwatch.StartNew();
            var rows = DemoData.GenerateCustomers(generated).ToList();
            var generateTime = watch.Elapsed;
            watch.Restart();
            await using (var connection = await database.OpenAsync())
            {
                await using (var tx = await connection.BeginTransactionAsync())
                {
                    await DemoData.InsertCustomersAsync(database, connection, tx, DemoData.FixedCustomers.Concat(rows), CancellationToken.None);
                    await connection.ExecuteAsync(
                        "UPDATE ACS_CUSTOMER SET PARENT_CUSTOMER_ID = :root + (ID - :root - 1) / 8 WHERE ID BETWEEN :root + 1 AND :root + :below",
                        new { root = AcsRoot, below = AcsBelow }, tx);
                    await connection.ExecuteAsync(Enrichment, new { first = DemoData.FirstGeneratedId }, tx);
                    await tx.CommitAsync();
                }

            }

            var insertTime = watch.Elapsed;
            var sizeBefore = Size(file);
            if (!buildIndex)
            {
                await CheckpointAsync(database);
                Console.WriteLine($"Built {file} without the search index: generated {generated:N0} customers in " +
                    $"{generateTime.TotalSeconds:F1} s, inserted them with their numbers in {insertTime.TotalSeconds:F1} s ({Size(file)}). " +
                    $"Load: {Machine.Load()}");
                return database;
            }

            watch.Restart();
            await initializer.EnsureSearchIndexAsync();
            var indexTime = watch.Elapsed;
            await CheckpointAsync(database);

            Console.WriteLine($"Built {file}: generated {generated:N0} customers in {generateTime.TotalSeconds:F1} s, inserted them " +
                $"with their numbers in {insertTime.TotalSeconds:F1} s ({sizeBefore}); built the search index for them in " +
                $"{indexTime.TotalSeconds:F1} s; file now {Size(file)}. Load: {Machine.Load()}");
            Console.WriteLine();
            return database;
        }

        private static async Task CheckpointAsync(JarvisDatabase database)
        {
            await using var connection = await database.OpenAsync();
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)", commandType: System.Data.CommandType.Text);
        }

        private static string Size(string file)
        {
            var bytes = new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0);
            return $"{bytes / (1024.0 * 1024):N0} MB";
        }

        public static void Row(string label, Result r) =>
            Console.WriteLine($"| {label} | {r.Median:F2} | {r.P95:F2} | {r.CpuMedian:F2} |");

        public sealed record Result(double Median, double P95, double CpuMedian);

        /// <summary>Runs <paramref name="operation"/> warm-up + measured times: wall median, p95 and CPU median in ms.</summary>
        public async Task<Result> MeasureAsync<T>(Func<Task<T>> operation)
        {
            for (var i = 0; i < warmup; i++)
            {
                await operation();
            }

            var samples = new double[runs];
            var cpu = new double[runs];
            using var self = Process.GetCurrentProcess();
            for (var i = 0; i < runs; i++)
            {
                self.Refresh();
                var cpuStart = self.TotalProcessorTime;
                var start = Stopwatch.GetTimestamp();
                await operation();
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                self.Refresh();
                cpu[i] = (self.TotalProcessorTime - cpuStart).TotalMilliseconds;
            }

            // CPU time (all threads of this process) shows the work done even when other processes share the cores.
            return new Result(Median(samples), Percentile(samples, 0.95), Median(cpu));
        }

        private static double Median(double[] samples)
        {
            var sorted = samples.Order().ToArray();
            var n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        private static double Percentile(double[] samples, double p)
        {
            var sorted = samples.Order().ToArray();
            return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        }
    }

    internal static class StreamChild
    {
        public static async Task<string> LaunchAsync(string file, long expectedRows)
        {
            var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
            var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                start.ArgumentList.Add(typeof(StreamChild).Assembly.Location);
            }

            foreach (var arg in new[] { "--stream", file, expectedRows.ToString() })
            {
                start.ArgumentList.Add(arg);
            }

            using var child = Process.Start(start) ?? throw new InvalidOperationException("The streaming child did not start.");
            var output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            return child.ExitCode == 0 ? output.TrimEnd() : throw new InvalidOperationException($"The streaming child failed: {output}");
        }

        public static async Task<int> RunAsync(string file, long expectedRows)
        {
            var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file};Default Timeout=5" };
            var database = new JarvisDatabase(Options.Create(options));
            var statements = new CustomerStatements(database);
            using var planner = new SearchPlanner(database, statements);
            var service = new CustomerService(database, statements, planner, new FixedUser(Bench.Su), new AccessPolicy(Options.Create(new SecurityOptions().ApplyDefaults())), Bench.Telemetry());
            // Warm the code paths on a page, so the stream below measures rows, not JIT.
            await service.SearchAsync(new CustomerQuery(null, 0, 25)).CountAsync();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            using var self = Process.GetCurrentProcess();
            self.Refresh();
            var before = self.WorkingSet64;
            var privateBefore = PrivateBytes();
            var (peakHeap, peakPrivate) = (0L, privateBefore);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var rows = 0L;
            await foreach (var row in service.SearchAsync(new CustomerQuery(null)))
            {
                if (++rows % 1000 == 0)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                }

                if (rows % 10_000 == 0)
                {
                    peakPrivate = Math.Max(peakPrivate, PrivateBytes());
                }

                GC.KeepAlive(row);
            }

            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            self.Refresh();
            if (rows != expectedRows)
            {
                Console.WriteLine($"expected {expectedRows} rows, streamed {rows}");
                return 1;
            }

            const double Mb = 1024 * 1024;
            Console.WriteLine(
                $"| {expectedRows - DemoData.FixedCustomers.Length:N0} (+{DemoData.FixedCustomers.Length}) | {rows:N0} | {watch.Elapsed.TotalSeconds:F2} | " +
                $"{allocated / Mb:F1} | {allocated / (double)rows:F0} | {before / Mb:F1} | {self.PeakWorkingSet64 / Mb:F1} | " +
                $"{privateBefore / Mb:F1} | {peakPrivate / Mb:F1} | {peakHeap / Mb:F1} |");
            return 0;
        }

        // The working set less the pages of mapped files (RssAnon, Linux): the database pages SQLite reads through its
        // memory map are the kernel's file cache, counted in the working set once touched, not memory the stream holds.
        private static long PrivateBytes() =>
            File.ReadLines("/proc/self/status").Where(l => l.StartsWith("RssAnon:", StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).Single();
    }

    internal static class Machine
    {
        public static string Load() => File.Exists("/proc/loadavg") ? "load average " + string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

        public static string Describe()
        {
            var cpu = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
            var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            var sqlite = connection.ExecuteScalar<string>("SELECT sqlite_version()");
            return $"Machine: {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} logical cores, " +
                $"{memory:F0} GiB RAM, {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}, SQLite {sqlite}; " +
                $"{(IsDebug ? "DEBUG build (numbers not representative)" : "Release build")}.";
        }

#if DEBUG
        private const bool IsDebug = true;
#else
        private const bool IsDebug = false;
#endif
    }

    /// <summary>
    /// The search statements without the search index: one text for every scope with
    /// <c>(:see_all = 1 OR ...)</c>, INSTR over JARVIS_FOLD(NAME) for every customer, a sort on it. Kept here only as the
    /// baseline column, run on the same file in the same process.
    /// </summary>
    internal sealed class Baseline(JarvisDatabase database)
    {
        private const string Filter = """
            (:see_all = 1 OR c.ID IN (
                WITH RECURSIVE VISIBLE (ID) AS (SELECT ID FROM ACS_CUSTOMER WHERE ID = :root_id
                    UNION SELECT child.ID FROM ACS_CUSTOMER child JOIN VISIBLE ON child.PARENT_CUSTOMER_ID = VISIBLE.ID)
                SELECT ID FROM VISIBLE))
              AND (:term IS NULL
                   OR INSTR(JARVIS_FOLD(c.NAME), :term) > 0
                   OR (:sn_term IS NOT NULL AND c.ID IN (
                          SELECT m.CUSTOMER_ID FROM ACS_CUSTOMER_SN m WHERE INSTR(m.SN, :sn_term) > 0)))
            """;

        private const string Count = $"SELECT COUNT(*) FROM ACS_CUSTOMER c WHERE {Filter}";

        private const string FirstPage = $"""
            SELECT c.ID, c.NAME,
                   (SELECT group_concat(s.SN, ', ' ORDER BY LENGTH(s.SN), s.SN) FROM ACS_CUSTOMER_SN s WHERE s.CUSTOMER_ID = c.ID) AS ServiceNumbers,
                   c.CUSTOMER_REFERENCE AS Reference
            FROM ACS_CUSTOMER c
            WHERE {Filter}
            ORDER BY JARVIS_FOLD(c.NAME), c.ID
            LIMIT :limit OFFSET :offset
            """;

        public async Task<int> CountAndFirstPageAsync(string term, bool seeAll, long? root)
        {
            var blank = string.IsNullOrWhiteSpace(term);
            var digits = blank ? "" : string.Concat(term.Where(ch => !char.IsWhiteSpace(ch) && ch is not ('-' or '.' or '(' or ')' or '[' or ']')));
            var parameters = new
            {
                see_all = seeAll ? 1 : 0,
                root_id = root,
                term = blank ? null : TextFolding.Fold(term.Trim()),
                sn_term = digits.Length > 0 ? TextFolding.Fold(digits) : null,
                limit = 25,
                offset = 0,
            };
            await using var connection = await database.OpenAsync();
            await connection.ExecuteScalarAsync<long>(Count, parameters);
            return (await connection.QueryAsync(FirstPage, parameters)).Count();
        }
    }

    internal sealed class FixedUser(JarvisUser user) : ICurrentUser
    {
        public ValueTask<JarvisUser?> GetUserAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<JarvisUser?>(user);
    }
}
