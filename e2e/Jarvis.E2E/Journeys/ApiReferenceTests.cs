using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Jarvis.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>API.md section 8: the API reference at /docs/api, reached from the app bar, served wholly by the portal.</summary>
public sealed class ApiReferenceTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    /// <summary>The portal's strict policy (API.md section 6), applied here to the reference's own responses.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    [Fact]
    public Task Su_OpensTheApiReferenceFromTheAppBar_AndFindsTheCustomerEndpoints_WithNoRequestLeavingThePortal() => JourneyAsync(async () =>
    {
        var (browser, customers) = await LogInAsync("su");
        var page = browser.Page;
        var requested = new ConcurrentQueue<string>();
        page.Request += (_, request) => requested.Enqueue(request.Url);
        await page.RouteAsync(new Regex("/docs/api/"), async route =>
        {
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers) { ["content-security-policy"] = ContentSecurityPolicy };
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });
        await customers.AppBar.WaitUntilInteractiveAsync();

        await customers.AppBar.ApiReferenceLink.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/docs/api/index\\.html$"));
        // Swagger UI's 1.6 MB script takes a while to parse on a loaded machine; after that the page is quick.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Customers" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        foreach (var path in new[] { "/api/customer", "/api/customer/{customer_id}" })
        {
            await Expect(page.Locator($"[data-path='{path}']").First).ToBeVisibleAsync();
        }

        await Expect(page.GetByText("Change a customer's reference and description.").First).ToBeVisibleAsync();
        Assert.All(requested, url => Assert.StartsWith(Server.BaseUrl, url, StringComparison.Ordinal));
    });
}
