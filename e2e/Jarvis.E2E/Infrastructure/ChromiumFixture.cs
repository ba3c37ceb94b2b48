using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Jarvis.E2E.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the whole suite, driven by the Playwright driver bundled in the NuGet package
/// (no <c>playwright install</c>). Every journey opens its own browser context in it.
/// </summary>
public sealed class ChromiumFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>How long an expectation waits for the page: generous, because this 2-core machine is shared.</summary>
    public const float ExpectTimeoutMs = 15_000;

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IPlaywright Playwright => _playwright ?? throw new InvalidOperationException("The fixture has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The end-to-end tests need Debian's Chromium at {ExecutablePath}. Install it with: apt-get install -y chromium");
        }

        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        diagnostics.OnMessage(new DiagnosticMessage(
            $"End-to-end suite: Chromium and the journeys took {_clock.Elapsed.TotalSeconds:F1} s"));
    }
}

/// <summary>All journeys share one Chromium and run one after another: this machine has two cores.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Portal in Chromium";
}
