using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>Journey 9: a script changes a customer through the API while a user has it open in the portal.</summary>
public sealed class ApiAndBrowserTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    [Fact]
    public Task ScriptPutsThroughTheApi_WhileRapidityHasTheCustomerOpen_TheReloadedPageShowsIt() => JourneyAsync(async () =>
    {
        var (_, customers) = await LogInAsync("rapidity");
        var customer = await customers.OpenAsync("Swift Couriers Ltd");
        await customer.ExpectEditableAsync();
        await Expect(customer.Reference).ToHaveValueAsync("");
        await Expect(customer.Description).ToHaveValueAsync("");

        await using var script = await OpenApiAsync();
        await script.LogInAsync("su");
        var result = await script.PutCustomerAsync(3140, "SWIFT-API-1", "Set by a script");
        Assert.Equal(1, result.GetProperty("success").GetInt32());
        Assert.Equal(1, result.GetProperty("modified").GetInt32());

        await customer.ReloadAsync("Swift Couriers Ltd");
        await customer.ExpectEditableAsync();
        await Expect(customer.Reference).ToHaveValueAsync("SWIFT-API-1");
        await Expect(customer.Description).ToHaveValueAsync("Set by a script");
    });
}
