using System.Text.RegularExpressions;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// The operator's whole round with the keyboard alone (no click anywhere): log in, search, sort by reference, open a
/// customer, edit, try to leave (Enter and Escape both keep the edits), save, and go back to the same search.
/// </summary>
public sealed class KeyboardJourneyTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    private const string NewReference = "KBD-2026/1";

    [Fact]
    public Task Su_ByKeyboardOnly_SearchesSortsEditsKeepsEditsOnStayAndSaves_ThenReturnsToTheSameSearch() => JourneyAsync(async () =>
    {
        var browser = await OpenBrowserAsync("su-keyboard");
        var page = browser.Page;
        var login = await new LoginPage(page).GotoAsync();

        // Log in: the user name field has the focus when the page opens.
        await Expect(login.UserName).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("su");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("su-demo");
        await page.Keyboard.PressAsync("Enter");
        var customers = new CustomersPage(page);
        await customers.ExpectShownAsync();

        // Search.
        await TabToAsync(page, customers.SearchBox);
        await page.Keyboard.TypeAsync("inc");
        await Expect(page).ToHaveURLAsync(CustomersPage.WithQuery("inc"));
        await Expect(customers.Table).ToHaveAttributeAsync("aria-busy", "false");

        // Sort by reference: the header is a button; Enter sorts A to Z, again Z to A, again A to Z.
        await TabToAsync(page, customers.SortButton("Reference"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]sort=reference(&|$)"));
        await Expect(customers.ColumnHeader("Reference")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(customers.ColumnHeader("Name")).Not.ToHaveAttributeAsync("aria-sort", new Regex("."));
        await page.Keyboard.PressAsync("Enter");
        await Expect(customers.ColumnHeader("Reference")).ToHaveAttributeAsync("aria-sort", "descending");
        await page.Keyboard.PressAsync("Enter");
        await Expect(customers.ColumnHeader("Reference")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(customers.Table).ToHaveAttributeAsync("aria-busy", "false");
        var listAddress = page.Url;

        // Open the first customer of the list.
        var firstLink = customers.CustomerLinks.First;
        var name = (await firstLink.TextContentAsync())!.Trim();
        await TabToAsync(page, firstLink);
        await page.Keyboard.PressAsync("Enter");
        var customer = new CustomerPage(page);
        await customer.ExpectCustomerAsync(name);
        await customer.ExpectEditableAsync();

        // Edit the reference.
        await TabToAsync(page, customer.Reference);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(NewReference);
        await Expect(customer.Reference).ToHaveValueAsync(NewReference);

        // Try to leave by the breadcrumb: Enter on the focused "Stay" keeps the edits, and so does Escape.
        foreach (var key in new[] { "Enter", "Escape" })
        {
            await TabToAsync(page, customer.CustomersBreadcrumb);
            await page.Keyboard.PressAsync("Enter");
            await Expect(customer.LeaveDialog).ToBeVisibleAsync();
            await Expect(customer.StayButton).ToBeFocusedAsync();
            await page.Keyboard.PressAsync(key);
            Output.WriteLine($"Pressed {key} in the unsaved-changes dialog.");
            await Expect(customer.LeaveDialog).ToHaveCountAsync(0);
            await Expect(page).ToHaveURLAsync(new Regex(@"/customers/\d+$"));
            await Expect(customer.Reference).ToHaveValueAsync(NewReference);
        }

        // Save.
        await TabToAsync(page, customer.SaveButton);
        await page.Keyboard.PressAsync("Enter");
        await Expect(customer.Saved).ToBeVisibleAsync();

        // Back to the same search, page and order.
        await TabToAsync(page, customer.CustomersBreadcrumb);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(listAddress);
        await customers.ExpectShownAsync();
        await Expect(customers.SearchBox).ToHaveValueAsync("inc");
        await Expect(customers.ColumnHeader("Reference")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(customers.Row(name)).ToBeVisibleAsync();
    });

    /// <summary>Presses Tab until <paramref name="target"/> has the focus; fails if it is not reached in 80 presses.</summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        await Expect(target).ToBeVisibleAsync();
        for (var i = 0; i < 80; i++)
        {
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {target}.");
    }
}
