using System.Text.RegularExpressions;
using Jarvis.Core.Customers;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// Journeys 1 and 2: su finds Rapidity Inc and edits it; a too long or duplicate reference is refused at the field
/// and nothing is stored.
/// </summary>
public sealed class CustomerEditingTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    [Fact]
    public Task Su_SearchesRapi_EditsRapidityInc_AndTheNewValuesSurviveReloadAndShowInTheApi() => JourneyAsync(async () =>
    {
        var (browser, customers) = await LogInAsync("su");
        await Expect(customers.AppBar.Text("su")).ToBeVisibleAsync();
        await Expect(customers.AppBar.Text("ACS_BOSS,CCS Superuser")).ToBeVisibleAsync();

        await customers.SearchAsync("rapi");
        await customers.ExpectCustomersAsync("Rapidity Inc", "Rapidity Locators Inc");
        await Expect(customers.Count(2)).ToBeVisibleAsync();
        await customers.ExpectRowAsync("Rapidity Inc", "0800134123", "430184/A");
        await customers.ExpectRowAsync("Rapidity Locators Inc", "0800555132, 08005551232", "118822/C");

        var customer = await customers.OpenAsync("Rapidity Inc");
        await Expect(browser.Page).ToHaveURLAsync(new Regex("/customers/3134$"));
        await customer.ExpectEditableAsync();
        await Expect(customer.Reference).ToHaveValueAsync("430184/A");
        await Expect(customer.Description).ToHaveValueAsync("");

        await customer.EditAsync("430184/E2E", "Edited in the browser");
        await customer.SaveButton.ClickAsync();
        await Expect(customer.Saved).ToBeVisibleAsync();

        await customer.ReloadAsync("Rapidity Inc");
        await customer.ExpectEditableAsync();
        await Expect(customer.Reference).ToHaveValueAsync("430184/E2E");
        await Expect(customer.Description).ToHaveValueAsync("Edited in the browser");

        await using var api = JarvisApi.ForBrowser(browser);
        var stored = await api.GetCustomerAsync(3134);
        Assert.Equal("430184/E2E", stored.GetProperty("customer_reference").GetString());
        Assert.Equal("Edited in the browser", stored.GetProperty("description").GetString());
    });

    [Fact]
    public Task Su_TooLongOrDuplicateReference_IsRefusedAtTheField_AndNothingIsSaved() => JourneyAsync(async () =>
    {
        var (browser, _) = await LogInAsync("su");
        await using var api = JarvisApi.ForBrowser(browser);
        var before = (await api.GetCustomerAsync(3134)).GetRawText();

        var customer = await new CustomerPage(browser.Page).GotoAsync(3134);
        await customer.ExpectCustomerAsync("Rapidity Inc");
        await customer.ExpectEditableAsync();

        await customer.EditAsync(new string('R', 51), "Must not be saved");
        await customer.SaveButton.ClickAsync();
        await customer.ExpectReferenceRefusedAsync(CustomerRules.ReferenceTooLong);
        await Expect(customer.Saved).ToHaveCountAsync(0);
        Assert.Equal(before, (await api.GetCustomerAsync(3134)).GetRawText());

        await customer.EditAsync("118822/C", "Must not be saved either");
        await customer.SaveButton.ClickAsync();
        var duplicate = CustomerRules.ReferenceInUse("118822/C");
        await customer.ExpectReferenceRefusedAsync(duplicate);
        await Expect(customer.Saved).ToHaveCountAsync(0);
        Assert.Equal(before, (await api.GetCustomerAsync(3134)).GetRawText());
    });
}
