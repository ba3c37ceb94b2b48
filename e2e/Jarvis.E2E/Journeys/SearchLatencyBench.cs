using System.Diagnostics;
using Dapper;
using Jarvis.Core.Security;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// Bench mode, not CI: keystroke to rendered results in the portal, on a large database built by
/// bench/Jarvis.Benchmarks. Runs only with <c>JARVIS_E2E_BENCH_DB=/path/to/file.db</c>; writes its figures to the test
/// output and, with <c>JARVIS_E2E_BENCH_OUT=/path</c>, to that file. The database gets the demo user su if it has none.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class SearchLatencyBench(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const int Searches = 20;
    private const int WarmUp = 3;

    // Milliseconds between keys: 30 by default (a fast typist, no search fires mid-word); JARVIS_E2E_BENCH_KEY_DELAY=150
    // types slower than the search box's debounce, so searches run while the name is still being typed.
    private static readonly int KeyDelayMs =
        int.TryParse(Environment.GetEnvironmentVariable("JARVIS_E2E_BENCH_KEY_DELAY"), out var delay) ? delay : 30;

    [BenchFact]
    public async Task KeystrokeToRenderedResults_20Searches_ReportsTheMedian()
    {
        var file = Environment.GetEnvironmentVariable(BenchFactAttribute.Variable)!;
        var terms = await TermsAsync(file);
        await EnsureSuAsync(file);
        var server = new BenchPortalServer(file);
        await ((IAsyncLifetime)server).InitializeAsync();
        try
        {
            await using var browser = await BrowserSession.OpenAsync(chromium.Browser, server.BaseUrl, "bench");
            var customers = await new LoginPage(browser.Page).GotoAsync().ContinueWith(t => t.Result.LogInAsync("su")).Unwrap();
            var page = browser.Page;
            // The time of the last key pressed, on the page's own clock.
            await page.EvaluateAsync("() => document.addEventListener('keydown', () => { window.__jarvisLastKey = performance.now(); }, true)");

            var samples = new List<double>();
            foreach (var (term, i) in terms.Select((t, i) => (t, i)))
            {
                await customers.SearchBox.ClickAsync();
                await page.Keyboard.PressAsync("Control+A");
                await page.Keyboard.TypeAsync(term, new() { Delay = KeyDelayMs });
                // Rendered: the first row of the table is a customer whose name contains the term.
                IJSHandle rendered;
                try
                {
                    rendered = await page.WaitForFunctionAsync(
                        """
                        term => {
                            const cell = document.querySelector('table[aria-label="Customers"] tbody tr td a');
                            return cell && cell.textContent.toUpperCase().includes(term) ? performance.now() - window.__jarvisLastKey : false;
                        }
                        """,
                        term.ToUpperInvariant(),
                        new() { Timeout = 30_000 }); // no PollingInterval: checked on every animation frame
                }
                catch (TimeoutException)
                {
                    var first = await page.EvaluateAsync<string?>("() => document.querySelector('table[aria-label=\"Customers\"] tbody tr')?.textContent");
                    throw new InvalidOperationException(
                        $"Search {i} for '{term}' showed no matching first row: box '{await customers.SearchBox.InputValueAsync()}', url {page.Url}, first row '{first}'");
                }

                var ms = await rendered.JsonValueAsync<double>();
                if (i >= WarmUp)
                {
                    samples.Add(ms);
                }
            }

            samples.Sort();
            var median = (samples[samples.Count / 2 - 1] + samples[samples.Count / 2]) / 2;
            var report = $"Keystroke to rendered results, {samples.Count} searches after {WarmUp} warm-up, Chromium, " +
                $"{terms.Count - WarmUp} distinct names of {file}: median {median:F0} ms, min {samples[0]:F0} ms, " +
                $"max {samples[^1]:F0} ms; all: {string.Join(", ", samples.Select(s => s.ToString("F0")))}; " +
                $"load average {File.ReadAllText("/proc/loadavg").Trim()}";
            output.WriteLine(report);
            if (Environment.GetEnvironmentVariable("JARVIS_E2E_BENCH_OUT") is { Length: > 0 } outFile)
            {
                await File.AppendAllTextAsync(outFile, report + Environment.NewLine);
            }

            Assert.Equal(Searches, samples.Count);
        }
        finally
        {
            await ((IAsyncLifetime)server).DisposeAsync();
        }
    }

    /// <summary>Names of customers spread over the file, as an operator would type them: the part after the first word.</summary>
    private static async Task<List<string>> TermsAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        var names = (await connection.QueryAsync<string>(
            "SELECT NAME FROM ACS_CUSTOMER WHERE ID % 43219 = 7 ORDER BY ID LIMIT :n", new { n = Searches + WarmUp })).ToList();
        Assert.Equal(Searches + WarmUp, names.Count);
        return [.. names.Select(n => n.Contains(' ', StringComparison.Ordinal) ? n[(n.IndexOf(' ', StringComparison.Ordinal) + 1)..] : n)];
    }

    /// <summary>The demo user su (password su-demo), for a benchmark database that has no users.</summary>
    internal static async Task EnsureSuAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.ExecuteAsync(
            """
            INSERT INTO JARVIS_USER (USERNAME, USER_TYPE, CUSTOMER_ID, PASSWORD_HASH, LOCKED)
                SELECT 'su', 'SMF', NULL, :hash, 0 WHERE NOT EXISTS (SELECT 1 FROM JARVIS_USER WHERE USERNAME = 'su');
            INSERT OR IGNORE INTO JARVIS_USER_GROUP (USER_ID, GROUP_NAME)
                SELECT u.ID, g.NAME FROM JARVIS_USER u, (SELECT 'ACS_BOSS' AS NAME UNION ALL SELECT 'CCS Superuser') g WHERE u.USERNAME = 'su';
            """,
            new { hash = PasswordHasher.Hash("su-demo") });
    }

    internal sealed class BenchPortalServer(string file) : PortalServer(file, ownsDatabase: false);
}

/// <summary>A benchmark, skipped unless <see cref="Variable"/> names a database file built by bench/Jarvis.Benchmarks.</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public const string Variable = "JARVIS_E2E_BENCH_DB";

    public BenchFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"Bench mode only: set {Variable} to a database built by bench/Jarvis.Benchmarks.";
        }
    }
}
