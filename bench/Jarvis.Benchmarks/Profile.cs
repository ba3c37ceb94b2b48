using System.Diagnostics;
using System.Text.RegularExpressions;
using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Jarvis.Benchmarks;

/// <summary>
/// Where the time of the portal's page and count goes (<c>--profile</c>): every statement the service runs for each term, with
/// SQLite's own time for it (<c>sqlite3_profile</c>, summed over the runs) and its query plan.
/// </summary>
internal static partial class Profile
{
    public static async Task RunAsync(JarvisDatabase database, CustomerStatements statements, int runs, bool words)
    {
        var times = new Dictionary<string, (long Nanoseconds, int Count)>();
        var handles = new HashSet<IntPtr>();

        // Sequential use takes the same pooled connection each time; the hook is set on every handle seen.
        async Task HookAsync()
        {
            await using var connection = (SqliteConnection)await database.OpenAsync();
            if (handles.Add(connection.Handle!.DangerousGetHandle()))
            {
                raw.sqlite3_profile(connection.Handle, (_, statement, ns) =>
                {
                    lock (times)
                    {
                        var key = statement.Trim();
                        times[key] = times.TryGetValue(key, out var t) ? (t.Nanoseconds + ns, t.Count + 1) : (ns, 1);
                    }
                }, null);
            }
        }

        using var planner = new SearchPlanner(database, statements);
        foreach (var (user, service) in new[] { ("su", Bench.ServiceAs(database, statements, planner, Bench.Su)), ("ACS", Bench.ServiceAs(database, statements, planner, Bench.AcsUser)) })
        {
            // --words: the API's first page (no count before) of each common word, as su only.
            var terms = words ? Bench.CommonWords.Select(w => ("common word", w)).ToArray() : Bench.Terms;
            Func<string, Task> page = words
                ? async term => await service.SearchAsync(new CustomerQuery(term, 0, 25)).CountAsync()
                : async term => await service.SearchPageAsync(new CustomerQuery(term, 0, 25));
            if (words && user != "su")
            {
                break;
            }

            foreach (var (label, term) in terms)
            {
                await page(term);
                await HookAsync();
                times.Clear();
                using var self = Process.GetCurrentProcess();
                self.Refresh();
                var cpu = self.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < runs; i++)
                {
                    await page(term);
                }

                self.Refresh();
                Console.WriteLine($"## {user}, {label} `{term}`: {watch.Elapsed.TotalMilliseconds / runs:F2} ms wall, " +
                    $"{(self.TotalProcessorTime - cpu).TotalMilliseconds / runs:F2} ms CPU per page; SQLite time per statement per page:");
                Console.WriteLine();
                foreach (var (sql, (ns, count)) in times.OrderByDescending(t => t.Value.Nanoseconds))
                {
                    Console.WriteLine($"- {ns / 1e6 / runs:F3} ms, {count / (double)runs:F1} runs: {Squeeze(sql)}");
                }

                Console.WriteLine();
            }
        }

        var executed = times.Keys.ToList();
        Console.WriteLine("## Query plans");
        Console.WriteLine();
        await using var plans = await database.OpenAsync();
        foreach (var sql in executed.Where(s => s.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || s.StartsWith("WITH", StringComparison.OrdinalIgnoreCase)))
        {
            var parameters = new DynamicParameters();
            foreach (var name in BindName().Matches(sql).Select(m => m.Groups[1].Value).Distinct())
            {
                parameters.Add(name, null);
            }

            Console.WriteLine($"{Squeeze(sql)}");
            foreach (var row in await plans.QueryAsync<(long, long, long, string)>("EXPLAIN QUERY PLAN " + sql, parameters))
            {
                Console.WriteLine($"    {row.Item1,3} {row.Item2,3} {row.Item4}");
            }

            Console.WriteLine();
        }
    }

    private static string Squeeze(string sql) => Whitespace().Replace(sql, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@":([a-z_]+)")]
    private static partial Regex BindName();
}
