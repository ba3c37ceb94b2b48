using Jarvis.Core.Customers;
using Jarvis.Core.Data;

namespace Jarvis.Benchmarks;

/// <summary>
/// <c>--lists</c>: the first page of every word in 1-10 % of the names as the API asks for it (no count before, a fresh
/// planner per word as after a start, then again), and the portal's list calls for each sort order, with and without a
/// term, near the top and at the list's last page; as su, milliseconds.
/// </summary>
internal static class ListViews
{
    public static async Task RunAsync(JarvisDatabase database, CustomerStatements statements, Bench bench)
    {
        using var planner = new SearchPlanner(database, statements);
        var su = Bench.ServiceAs(database, statements, planner, Bench.Su);
        Console.WriteLine($"Words of the enriched names, first page of 25 as GET /api/customer?name=WORD&page_limit=25 asks (SearchAsync, " +
            $"no count before); \"first\" with a fresh planner (nothing learned yet), then {bench.Runs} measured. Load: {Machine.Load()}");
        Console.WriteLine();
        Console.WriteLine("| word | matches | % of names | first | median | p95 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var all = await su.CountAsync(null);
        foreach (var word in Bench.CommonWords)
        {
            var count = await su.CountAsync(word);
            using var freshPlanner = new SearchPlanner(database, statements);
            var fresh = Bench.ServiceAs(database, statements, freshPlanner, Bench.Su);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await fresh.SearchAsync(new CustomerQuery(word, 0, 25)).CountAsync();
            var first = watch.Elapsed.TotalMilliseconds;
            var result = await bench.MeasureAsync(async () => await fresh.SearchAsync(new CustomerQuery(word, 0, 25)).CountAsync());
            Console.WriteLine($"| `{word}` | {count:N0} | {100.0 * count / all:F1} | {first:F1} | {result.Median:F2} | {result.P95:F2} |");
        }

        Console.WriteLine();
        Console.WriteLine($"The portal's list: SearchPageAsync (count up to 1,001 and the page) for pages 1 and 40, then (a page known to " +
            $"need no count) SearchAsync for page 40. Load: {Machine.Load()}");
        Console.WriteLine();
        Console.WriteLine("| term | sort | page 1 median | page 1 p95 | page 40 median | page 40 p95 |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var term in new[] { "", "bakery", "westbrook", "international", "roofing inc 77" })
        {
            foreach (var sort in Enum.GetValues<CustomerSort>())
            {
                var first = await bench.MeasureAsync(async () => (await su.SearchPageAsync(new CustomerQuery(term, 0, 25, sort))).Items.Count);
                var last = await bench.MeasureAsync(async () => (await su.SearchPageAsync(new CustomerQuery(term, 975, 25, sort))).Items.Count);
                Console.WriteLine($"| `{term}` | {sort} | {first.Median:F2} | {first.P95:F2} | {last.Median:F2} | {last.P95:F2} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Load: {Machine.Load()}");
    }
}
