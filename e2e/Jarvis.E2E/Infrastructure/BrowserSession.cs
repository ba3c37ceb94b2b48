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

    /// <summary>A new context: light theme and a 1280×900 window unless <paramref name="look"/> says otherwise.</summary>
    public static async Task<BrowserSession> OpenAsync(IBrowser browser, string baseUrl, string label, BrowserLook? look = null)
    {
        look ??= BrowserLook.Default;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = "en-US",
            ColorScheme = look.Dark ? ColorScheme.Dark : ColorScheme.Light,
            ReducedMotion = look.ReducedMotion ? ReducedMotion.Reduce : ReducedMotion.NoPreference,
            ViewportSize = new ViewportSize { Width = look.Width, Height = look.Height },
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

/// <summary>How a browser context looks at the portal: system theme, reduced motion, window size.</summary>
public sealed record BrowserLook(bool Dark = false, int Width = 1280, int Height = 900, bool ReducedMotion = false)
{
    public static BrowserLook Default { get; } = new();

    public static BrowserLook Light { get; } = new(Dark: false);

    public static BrowserLook DarkTheme { get; } = new(Dark: true);

    public string Theme => Dark ? "dark" : "light";
}
