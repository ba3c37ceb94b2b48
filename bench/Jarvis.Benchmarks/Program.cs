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

// Usage: dotnet run -c Release --project bench/Jarvis.Benchmarks [-- --customers 100000 --runs 30 --warmup 5 --keep]
// --keep leaves the database files in place (their folder is printed) to look at query plans.
// Internal: --stream <db file> <expected rows> (a child process that only streams, so its peak working set is its own).
if (args is ["--stream", var streamFile, var expected])
{
    return await StreamChild.RunAsync(streamFile, long.Parse(expected));
}

var customers = Option("--customers", 100_000);
var runs = Option("--runs", 30);
var warmup = Option("--warmup", 5);
var keep = args.Contains("--keep");
var folder = Path.Combine(Path.GetTempPath(), "jarvis-bench-" + Environment.ProcessId);
Directory.CreateDirectory(folder);
try
{
    var bench = new Bench(runs, warmup);
    Console.WriteLine($"# Jarvis.Core benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    Console.WriteLine();
    Console.WriteLine(Machine.Describe());
    Console.WriteLine();

    var (database, buildTime) = await Bench.BuildAsync(Path.Combine(folder, "bench.db"), customers);
    var total = DemoData.FixedCustomers.Length + customers;
    Console.WriteLine($"Built {total:N0} customers ({customers:N0} generated) in {buildTime.TotalSeconds:F1} s; every figure is as `su`, " +
        $"{warmup} warm-up runs then {runs} measured runs, in milliseconds.");
    Console.WriteLine();

    var service = new CustomerService(database, new FixedUser(Bench.Su), new AccessPolicy(Options.Create(new SecurityOptions())), Bench.Telemetry());
    Console.WriteLine("| operation | rows | median ms | p95 ms | CPU median ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var (label, term, sort) in new (string, string, CustomerSort)[]
             {
                 ("term \"\" (all)", "", CustomerSort.NameAscending),
                 ("term \"plumb\"", "plumb", CustomerSort.NameAscending),
                 ("term \"0800 1\"", "0800 1", CustomerSort.NameAscending),
                 ("term \"zzqx\" (no match)", "zzqx", CustomerSort.NameAscending),
                 ("term \"\", sort by reference", "", CustomerSort.ReferenceAscending),
             })
    {
        var count = await service.CountAsync(term);
        await bench.ReportAsync($"CountAsync, {label}", count, () => service.CountAsync(term));
        var query = new CustomerQuery(term, 0, 25, sort);
        var page = await service.SearchAsync(query).CountAsync();
        await bench.ReportAsync($"first page of 25, {label}", page, async () => await service.SearchAsync(query).CountAsync());
        await bench.ReportAsync($"CountAsync + first page, {label}", page, async () =>
        {
            await service.CountAsync(term);
            return await service.SearchAsync(query).CountAsync();
        });
    }

    var ids = DemoData.GenerateCustomers(Math.Min(customers, 1000)).Select(c => c.Id).ToArray();
    var next = 0;
    await bench.ReportAsync("GetAsync(id)", 1, async () => (await service.GetAsync(ids[next++ % ids.Length]))!.Id);
    var version = 0;
    await bench.ReportAsync("UpdateAsync(id, change)", 1, async () =>
    {
        var result = await service.UpdateAsync(ids[version % ids.Length], new CustomerChange($"BENCH-{version}", $"run {version}"), ChangeChannel.Api);
        version++;
        return result is UpdateResult.Updated { Modified: 1 } ? 1 : throw new InvalidOperationException($"Update failed: {result}");
    });

    Console.WriteLine();
    Console.WriteLine("Streaming every row of SearchAsync (term \"\", name order) in a fresh child process per database size:");
    Console.WriteLine();
    Console.WriteLine("| customers | rows streamed | time s | allocated MB | allocated bytes/row | working set before MB | peak working set MB | peak managed heap MB |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
    SqliteConnection.ClearAllPools();
    var small = Math.Max(customers / 10, 1);
    var (smallDb, _) = await Bench.BuildAsync(Path.Combine(folder, "bench-small.db"), small);
    _ = smallDb;
    SqliteConnection.ClearAllPools();
    foreach (var (file, count) in new[] { ("bench-small.db", small), ("bench.db", customers) })
    {
        Console.WriteLine(await StreamChild.LaunchAsync(Path.Combine(folder, file), DemoData.FixedCustomers.Length + count));
    }

    return 0;
}
finally
{
    SqliteConnection.ClearAllPools();
    if (keep)
    {
        Console.WriteLine($"Kept the databases in {folder}");
    }
    else
    {
        Directory.Delete(folder, recursive: true);
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
        public static readonly JarvisUser Su = new(1, "su", UserType.Smf, null, ["ACS_BOSS", "CCS Superuser"]);

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

        public static async Task<(JarvisDatabase Database, TimeSpan BuildTime)> BuildAsync(string file, int generated)
        {
            var options = new DatabaseOptions
            {
                Provider = DatabaseProvider.Sqlite,
                ConnectionString = $"Data Source={file};Default Timeout=5",
                SeedDemoData = false,
            };
            var database = new JarvisDatabase(Options.Create(options));
            var watch = Stopwatch.StartNew();
            await new SchemaInitializer(database, Options.Create(options), NullLogger<SchemaInitializer>.Instance).InitializeAsync();
            await using (var connection = await database.OpenAsync())
            await using (var tx = await connection.BeginTransactionAsync())
            {
                await DemoData.InsertCustomersAsync(
                    database, connection, tx, DemoData.FixedCustomers.Concat(DemoData.GenerateCustomers(generated)), CancellationToken.None);
                await tx.CommitAsync();
                await connection.ExecuteAsync("ANALYZE", commandType: System.Data.CommandType.Text);
            }

            return (database, watch.Elapsed);
        }

        /// <summary>Runs <paramref name="operation"/> warm-up + measured times and prints one table row.</summary>
        public async Task ReportAsync<T>(string label, T rows, Func<Task<T>> operation)
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
            Console.WriteLine($"| {label} | {rows:N0} | {Median(samples):F2} | {Percentile(samples, 0.95):F2} | {Median(cpu):F1} |");
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
            var service = new CustomerService(database, new FixedUser(Bench.Su), new AccessPolicy(Options.Create(new SecurityOptions())), Bench.Telemetry());
            // Warm the code paths on a page, so the stream below measures rows, not JIT.
            await service.SearchAsync(new CustomerQuery(null, 0, 25)).CountAsync();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            using var self = Process.GetCurrentProcess();
            self.Refresh();
            var before = self.WorkingSet64;
            var peakHeap = 0L;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var rows = 0L;
            await foreach (var row in service.SearchAsync(new CustomerQuery(null)))
            {
                if (++rows % 1000 == 0)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
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
                $"{allocated / Mb:F1} | {allocated / (double)rows:F0} | {before / Mb:F1} | {self.PeakWorkingSet64 / Mb:F1} | {peakHeap / Mb:F1} |");
            return 0;
        }
    }

    internal static class Machine
    {
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

    internal sealed class FixedUser(JarvisUser user) : ICurrentUser
    {
        public ValueTask<JarvisUser?> GetUserAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<JarvisUser?>(user);
    }
}
