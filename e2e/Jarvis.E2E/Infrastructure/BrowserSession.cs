using System.Globalization;
using Microsoft.Playwright;

namespace Jarvis.E2E.Infrastructure;

/// <summary>
/// One user's browser: an isolated context (its own cookies) with one page, recording everything the page writes
/// to its console, every uncaught page error and every failed request.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<string> _log = [];
    private readonly List<string> _errors = [];

    private BrowserSession(string label, IBrowserContext context, IPage page)
    {
        Label = label;
        Context = context;
        Page = page;
        page.Console += (_, message) => Record(
            $"console.{message.Type}: {message.Text} ({message.Location})", message.Type == "error");
        page.PageError += (_, error) => Record($"pageerror: {error}", isError: true);
        page.RequestFailed += (_, request) => Record($"requestfailed: {request.Method} {request.Url} {request.Failure}", isError: false);
        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                Record($"navigated: {frame.Url}", isError: false);
            }
        };
    }

    public string Label { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions the page reported so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    public static async Task<BrowserSession> OpenAsync(IBrowser browser, string baseUrl, string label)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = "en-US",
            ColorScheme = ColorScheme.Light,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        // Chromium reports a blocked resource or script on the console itself; this also reports every violation the
        // page's own event sees (inline handlers, eval, styles), so that a CSP violation can never go unnoticed.
        await context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            + "`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));");
        var page = await context.NewPageAsync();
        return new BrowserSession(label, context, page);
    }

    public ValueTask DisposeAsync() => new(Context.CloseAsync());

    private void Record(string line, bool isError)
    {
        var stamped = $"{DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {line}";
        lock (_gate)
        {
            _log.Add(stamped);
            if (isError)
            {
                _errors.Add(line);
            }
        }
    }
}
