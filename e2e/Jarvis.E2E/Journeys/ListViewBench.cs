using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// Bench mode, not CI: every list view of the portal on a large database built by bench/Jarvis.Benchmarks (each sort
/// order, with and without a term, page numbers in and out of range), from navigation to the first rows on screen,
/// on the page's own clock; the median of 3 after one warm-up. Runs only with <c>JARVIS_E2E_BENCH_DB</c>; figures to
/// the test output and, with <c>JARVIS_E2E_BENCH_OUT</c>, to that file.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ListViewBench(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const int Runs = 3;

    private static readonly string[] Sorts = ["", "name_desc", "reference", "reference_desc"];

    private static readonly string[] Terms = ["", "bakery", "international", "zenith", "westbrook"];

    private static readonly string[] OutOfRange = ["page=20000", "q=bakery&page=20000", "q=roofing%20inc%2077&page=9999", "page=40", "sort=reference&page=20000"];

    [BenchFact]
    public async Task EveryListView_NavigationToFirstRows_ReportsEachMedian()
    {
        var file = Environment.GetEnvironmentVariable(BenchFactAttribute.Variable)!;
        await SearchLatencyBench.EnsureSuAsync(file);
        var server = new SearchLatencyBench.BenchPortalServer(file);
        await ((IAsyncLifetime)server).InitializeAsync();
        try
        {
            await using var browser = await BrowserSession.OpenAsync(chromium.Browser, server.BaseUrl, "bench");
            await new LoginPage(browser.Page).GotoAsync().ContinueWith(t => t.Result.LogInAsync("su")).Unwrap();
            var addresses = (from term in Terms from sort in Sorts
                             select string.Join("&", new[] { term.Length > 0 ? $"q={term}" : "", sort.Length > 0 ? $"sort={sort}" : "" }.Where(p => p.Length > 0)))
                .Concat(OutOfRange);
            var lines = new List<string> { $"| address | median ms | max ms | first row | shown address |", "|---|---:|---:|---|---|" };
            var worst = 0.0;
            foreach (var query in addresses)
            {
                var address = query.Length == 0 ? "customers" : $"customers?{query}";
                var samples = new List<double>();
                string? firstRow = null;
                for (var run = 0; run <= Runs; run++)
                {
                    var (ms, row) = await FirstRowsAsync(browser.Page, $"{server.BaseUrl.TrimEnd('/')}/{address}");
                    firstRow = row;
                    if (run > 0)
                    {
                        samples.Add(ms);
                    }
                }

                samples.Sort();
                worst = Math.Max(worst, samples[Runs / 2]);
                lines.Add($"| `/{address}` | {samples[Runs / 2]:F0} | {samples[^1]:F0} | {firstRow} | `{new Uri(browser.Page.Url).PathAndQuery}` |");
            }

            lines.Add($"Worst median {worst:F0} ms; Chromium, {Runs} runs after 1 warm-up each; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            var report = string.Join(Environment.NewLine, lines);
            output.WriteLine(report);
            if (Environment.GetEnvironmentVariable("JARVIS_E2E_BENCH_OUT") is { Length: > 0 } outFile)
            {
                await File.AppendAllTextAsync(outFile, report + Environment.NewLine);
            }
        }
        finally
        {
            await ((IAsyncLifetime)server).DisposeAsync();
        }
    }

    /// <summary>
    /// Navigates to <paramref name="url"/> and waits for the table to show customers, not busy: the time since the
    /// navigation started (performance.now() of the new document) and the first row's name.
    /// </summary>
    private static async Task<(double Ms, string Row)> FirstRowsAsync(IPage page, string url)
    {
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        var shown = await page.WaitForFunctionAsync(
            """
            () => {
                const table = document.querySelector('table[aria-label="Customers"]');
                const link = table && table.getAttribute('aria-busy') === 'false' && table.querySelector('tbody tr td a');
                return link ? [performance.now(), link.textContent] : false;
            }
            """,
            null,
            new() { Timeout = 30_000 });
        var values = await shown.JsonValueAsync<System.Text.Json.JsonElement>();
        return (values[0].GetDouble(), values[1].GetString()!);
    }
}
