using System.Text.RegularExpressions;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// Creating and deleting customers in the portal (API.md section 9, Portal): su creates a customer below Rapidity Inc
/// that rapidity then sees; rapidity deletes a customer below its own; service numbers block a delete.
/// </summary>
public sealed class CustomerCreateDeleteTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    [Fact]
    public Task Su_CreatesACustomerBelowRapidityInc_AndRapidityThenSeesIt() => JourneyAsync(async () =>
    {
        var (su, customers) = await LogInAsync("su");
        await customers.NewCustomerLink.ClickAsync();
        var form = new NewCustomerPage(su.Page);
        await form.ExpectShownAsync();
        await Expect(form.Parent).ToHaveValueAsync("");

        await form.Name.FillAsync("Rapid Parcels Ltd");
        await form.Reference.FillAsync("RP-E2E-1");
        await form.Description.FillAsync("Created in the browser");
        await form.PickParentAsync("rapidity inc", "Rapidity Inc", 3134);
        var id = await form.CreateAsync();

        var created = new CustomerPage(su.Page);
        await created.ExpectCustomerAsync("Rapid Parcels Ltd");
        await created.ExpectEditableAsync();
        await Expect(created.Reference).ToHaveValueAsync("RP-E2E-1");
        await Expect(created.ParentLinks).ToHaveTextAsync(["Rapidity Inc"]);

        var (_, rapidityCustomers) = await LogInAsync("rapidity");
        await rapidityCustomers.SearchAsync("parcels");
        await rapidityCustomers.ExpectCustomersAsync("Rapid Parcels Ltd");
        var seen = await rapidityCustomers.OpenAsync("Rapid Parcels Ltd");
        await Expect(seen.Page).ToHaveURLAsync(new Regex($"/customers/{id}$"));
        await seen.ExpectEditableAsync();
        await Expect(seen.Description).ToHaveValueAsync("Created in the browser");
    });

    [Fact]
    public Task Rapidity_DeletesACustomerBelowItsOwn_AndAnotherBrowserThenFindsItGone() => JourneyAsync(async () =>
    {
        var (rapidity, _) = await LogInAsync("rapidity");
        await using var api = JarvisApi.ForBrowser(rapidity);
        var id = await api.CreateCustomerAsync("Short Lived Ltd", 3134);

        // Another browser has the customer open (rapidity-view sees the same customers, read only).
        var (viewer, _) = await LogInAsync("rapidity-view");
        var elsewhere = await new CustomerPage(viewer.Page).GotoAsync(id);
        await elsewhere.ExpectCustomerAsync("Short Lived Ltd");
        await Expect(elsewhere.DeleteButton).ToHaveCountAsync(0);

        // Rapidity's own customer offers no Delete; the one below it does.
        var own = await new CustomerPage(rapidity.Page).GotoAsync(3134);
        await own.ExpectEditableAsync();
        await Expect(own.DeleteButton).ToHaveCountAsync(0);
        var customer = await new CustomerPage(rapidity.Page).GotoAsync(id);
        await customer.ExpectEditableAsync();

        // Cancel first, by keyboard: the dialog opens with the focus on "Cancel", Escape closes it, the focus is back on "Delete".
        await customer.DeleteButton.FocusAsync();
        await rapidity.Page.Keyboard.PressAsync("Enter");
        await Expect(customer.DeleteDialog).ToBeVisibleAsync();
        await Expect(customer.DeleteDialog).ToContainTextAsync($"Delete customer “Short Lived Ltd” (customer {id})?");
        await Expect(customer.CancelDeleteButton).ToBeFocusedAsync();
        await rapidity.Page.Keyboard.PressAsync("Escape");
        await Expect(customer.DeleteDialog).ToHaveCountAsync(0);
        await Expect(customer.DeleteButton).ToBeFocusedAsync();

        await customer.DeleteButton.ClickAsync();
        await customer.ConfirmDeleteButton.ClickAsync();

        var list = new CustomersPage(rapidity.Page);
        await Expect(rapidity.Page).ToHaveURLAsync(new Regex(@"/customers\?deleted=Short%20Lived%20Ltd$"));
        await list.ExpectShownAsync();
        await Expect(list.DeletedNotice).ToHaveTextAsync("Customer “Short Lived Ltd” was deleted.");
        await Expect(list.Row("Rapidity Inc")).ToBeVisibleAsync();
        await Expect(list.Row("Short Lived Ltd")).ToHaveCountAsync(0);
        Assert.Empty(await api.SearchCustomersAsync("Short Lived"));

        await viewer.Page.ReloadAsync();
        await Expect(elsewhere.NotFoundHeading).ToBeVisibleAsync();
    });

    [Fact]
    public Task Su_DeleteOfACustomerWithServiceNumbers_IsBlockedInTheDialog() => JourneyAsync(async () =>
    {
        var (su, _) = await LogInAsync("su");
        var customer = await new CustomerPage(su.Page).GotoAsync(1551);
        await customer.ExpectEditableAsync();

        await customer.DeleteButton.ClickAsync();

        await Expect(customer.DeleteDialog).ToContainTextAsync(
            "Customer “Rapidity Locators Inc” cannot be deleted: it still has 2 service numbers. Move or remove them first.");
        await Expect(customer.ConfirmDeleteButton).ToHaveCountAsync(0);
        await Expect(customer.CloseDeleteButton).ToBeFocusedAsync();
        await customer.CloseDeleteButton.ClickAsync();
        await Expect(customer.DeleteDialog).ToHaveCountAsync(0);
        await Expect(customer.DeleteButton).ToBeFocusedAsync();

        await using var api = JarvisApi.ForBrowser(su);
        Assert.Equal(["Rapidity Locators Inc"], await api.SearchCustomersAsync("Rapidity Locators"));
    });
}
