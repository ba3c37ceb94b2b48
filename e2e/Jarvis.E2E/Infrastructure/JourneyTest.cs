using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Jarvis.E2E.Pages;
using Xunit.Abstractions;

namespace Jarvis.E2E.Infrastructure;

/// <summary>
/// Base of every journey class: its own <see cref="PortalServer"/> (fresh database per class), the suite's Chromium,
/// and <see cref="JourneyAsync"/>, which runs a journey, fails it on any console error or server-logged error, and on
/// failure saves a screenshot, the page's HTML, its console log and the server log under <c>failures/</c> beside the
/// test assembly.
/// </summary>
[Collection(PortalCollection.Name)]
public abstract class JourneyTest(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : IClassFixture<PortalServer>, IAsyncLifetime
{
    private readonly List<BrowserSession> _sessions = [];

    protected PortalServer Server => server;

    protected ChromiumFixture Chromium => chromium;

    protected ITestOutputHelper Output => output;

    /// <summary>A new, logged-out browser (own context, own cookies) whose console this journey watches.</summary>
    protected async Task<BrowserSession> OpenBrowserAsync(string label = "browser", BrowserLook? look = null)
    {
        var session = await BrowserSession.OpenAsync(chromium.Browser, server.BaseUrl, label, look);
        _sessions.Add(session);
        return session;
    }

    /// <summary>Opens a browser for <paramref name="username"/> and logs in through the login page (demo password).</summary>
    protected async Task<(BrowserSession Browser, CustomersPage Customers)> LogInAsync(string username, BrowserLook? look = null)
    {
        var browser = await OpenBrowserAsync(look is null ? username : $"{username}-{look.Theme}-{look.Width}", look);
        var login = await new LoginPage(browser.Page).GotoAsync();
        return (browser, await login.LogInAsync(username));
    }

    /// <summary>A script's HTTP client with a cookie jar of its own, as <c>curl -c/-b</c> would have.</summary>
    protected async Task<JarvisApi> OpenApiAsync() =>
        new(await chromium.Playwright.APIRequest.NewContextAsync(new() { BaseURL = server.BaseUrl }));

    protected Task JourneyAsync(Func<Task> journey, [CallerMemberName] string name = "") => JourneyAsync(journey, _ => false, name);

    /// <summary>A journey whose pages may log the console errors <paramref name="expected"/> accepts (e.g. a 429 page), and no other.</summary>
    protected async Task JourneyAsync(Func<Task> journey, Func<string, bool> expected, [CallerMemberName] string name = "")
    {
        var clock = Stopwatch.StartNew();
        var serverErrorsBefore = server.Log.Errors.Count;
        try
        {
            await journey();
            var serverErrors = server.Log.Errors.Skip(serverErrorsBefore).ToList();
            Assert.True(
                serverErrors.Count == 0,
                $"The server logged errors during the journey:{Environment.NewLine}{string.Join(Environment.NewLine, serverErrors)}");
            foreach (var session in _sessions)
            {
                var errors = session.Errors.Where(e => !expected(e)).ToList();
                Assert.True(
                    errors.Count == 0,
                    $"The {session.Label} page logged errors to its console:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
            }
        }
        catch
        {
            await SaveFailureAsync(name);
            throw;
        }
        finally
        {
            output.WriteLine($"{name}: {clock.Elapsed.TotalSeconds:F1} s (server on {server.BaseUrl}, started in {server.StartupTime.TotalSeconds:F1} s)");
        }
    }

    private async Task SaveFailureAsync(string name)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var folder = Path.Combine(AppContext.BaseDirectory, "failures", $"{GetType().Name}.{name}-{stamp}");
        Directory.CreateDirectory(folder);
        foreach (var session in _sessions)
        {
            var prefix = Path.Combine(folder, session.Label);
            try
            {
                await session.Page.ScreenshotAsync(new() { Path = prefix + ".png", FullPage = true, Timeout = 5_000 });
                await File.WriteAllTextAsync(prefix + ".html", await session.Page.ContentAsync());
            }
            catch (Exception e)
            {
                output.WriteLine($"Could not save the {session.Label} screenshot: {e.Message}");
            }

            await File.WriteAllLinesAsync(prefix + ".console.log", [$"url: {session.Page.Url}", .. session.Log]);
        }

        await File.WriteAllLinesAsync(Path.Combine(folder, "server.log"), server.Log.Lines);
        output.WriteLine($"Failure artifacts (screenshot, HTML, console log, server log): {folder}");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }
    }
}
