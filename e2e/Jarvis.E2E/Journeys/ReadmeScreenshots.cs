using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// Refreshes the screenshots of the README (docs/screenshots), light and dark: the portal's pages and states, and for the
/// accessibility section the focus ring and the 320 px layout. Each is a journey with its own checks, run with every
/// test; the images go to a temporary folder unless <c>JARVIS_SCREENSHOTS</c> names the folder to write to, e.g.
/// <c>JARVIS_SCREENSHOTS=$PWD/docs/screenshots dotnet test e2e/Jarvis.E2E --filter ReadmeScreenshots</c>.
/// </summary>
public sealed class ReadmeScreenshots(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    private static readonly string Folder = Environment.GetEnvironmentVariable("JARVIS_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Directory.CreateTempSubdirectory("jarvis-screenshots-").FullName;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task FocusRingAndNarrowLayout(bool dark) => JourneyAsync(async () =>
    {
        var theme = dark ? "dark" : "light";
        var (browser, customers) = await LogInAsync("su", new BrowserLook(Dark: dark, Width: 1024, Height: 640));
        var page = browser.Page;
        await customers.SearchAsync("inc");
        await Expect(customers.Table).ToHaveAttributeAsync("aria-busy", "false");

        // The focus ring, reached with the keyboard: Tab from the search box to the "Reference" sort button.
        await customers.SearchBox.FocusAsync();
        var sort = customers.SortButton("Reference");
        for (var i = 0; i < 10 && !await sort.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(sort).ToBeFocusedAsync();
        await SaveAsync(page, $"focus-{theme}.png", new PageScreenshotOptions
        {
            Clip = new Clip { X = 0, Y = 0, Width = 1024, Height = 420 },
        });

        await page.SetViewportSizeAsync(320, 640);
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await Expect(customers.Rows.First).ToBeVisibleAsync();
        await SaveAsync(page, $"narrow-320-{theme}.png", new PageScreenshotOptions());
    });

    /// <summary>
    /// The pages of the README's "Screenshots" section in a 1280×760 window: log in, a search, a read-only and an edited
    /// customer, the conflict view, the History panel and the customer tree (parents and customers below); the
    /// phone-sized search in light only.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task PortalPages(bool dark) => JourneyAsync(async () =>
    {
        var look = new BrowserLook(Dark: dark, Width: 1280, Height: 760);
        var theme = look.Theme;
        var anonymous = await OpenBrowserAsync($"anonymous-{theme}", look);
        var login = await new LoginPage(anonymous.Page).GotoAsync();
        await login.SubmitAsync("su", "wrong password");
        await Expect(login.Alert).ToBeVisibleAsync();
        await SaveAsync(anonymous.Page, $"login-{theme}.png", new PageScreenshotOptions());

        var (su, customers) = await LogInAsync("su", look);
        await customers.SearchAsync("rapi");
        await Expect(customers.Table).ToHaveAttributeAsync("aria-busy", "false");
        await customers.ExpectCustomersAsync("Rapidity Inc", "Rapidity Locators Inc");
        await su.Page.EvaluateAsync("() => document.activeElement?.blur()");
        await SaveAsync(su.Page, $"customers-search-{theme}.png", new PageScreenshotOptions());

        var (auditor, _) = await LogInAsync("auditor", look);
        var readOnly = await new CustomerPage(auditor.Page).GotoAsync(3140);
        await readOnly.ExpectReadOnlyAsync();
        await Expect(readOnly.ParentLinks).ToHaveTextAsync(["Rapidity Inc"]);
        await SaveCustomerPageAsync(readOnly, $"customer-readonly-{theme}.png");

        var edit = await new CustomerPage(su.Page).GotoAsync(1551);
        await edit.ExpectEditableAsync();
        await edit.Reference.FillAsync("118822/C-this-reference-is-far-too-long-for-the-limit-of-fifty");
        await Expect(edit.Reference).ToHaveAttributeAsync("aria-invalid", "true");
        await SaveCustomerPageAsync(edit, $"customer-edit-{theme}.png");
        await edit.CancelButton.ClickAsync();

        // The conflict: su and rapidity open Harbour Freight Co as seeded, su saves, rapidity's save is refused.
        await ResetCustomerAsync(3141);
        var (rapidity, _) = await LogInAsync("rapidity", look);
        var first = await new CustomerPage(su.Page).GotoAsync(3141);
        var second = await new CustomerPage(rapidity.Page).GotoAsync(3141);
        await first.ExpectEditableAsync();
        await second.ExpectEditableAsync();
        await second.EditAsync("HF-0042", "Night deliveries only");
        await first.EditAsync("HF-2026-114", "Weekly pallet pickups, Tuesdays");
        await first.SaveButton.ClickAsync();
        await Expect(first.Saved).ToBeVisibleAsync();
        // rapidity was typing: su's change shows beside the input at once (the live banner).
        await Expect(second.LiveConflict).ToBeVisibleAsync();
        await rapidity.Page.EvaluateAsync("() => document.activeElement?.blur()");
        await SaveCustomerPageAsync(second, $"customer-live-{theme}.png");
        await second.SaveButton.ClickAsync();
        await Expect(second.ConflictCells("Description")).ToHaveCountAsync(3);
        await SaveCustomerPageAsync(second, $"customer-conflict-{theme}.png");

        await second.UseTheirValuesButton.ClickAsync();
        // Their values are in the form before the edit: typed earlier, the edit would be replaced by them.
        await Expect(second.Description).ToHaveValueAsync("Weekly pallet pickups, Tuesdays");
        await second.Description.FillAsync("Weekly pallet pickups, Tuesdays and Fridays");
        await Expect(second.Description).ToHaveValueAsync("Weekly pallet pickups, Tuesdays and Fridays");
        await second.SaveButton.ClickAsync();
        await Expect(second.Saved).ToBeVisibleAsync();
        await Expect(second.HistoryRows).ToHaveCountAsync(3);
        await SaveAsync(rapidity.Page, $"customer-history-{theme}.png", new PageScreenshotOptions(), second.HistoryPanel);

        var tree = await new CustomerPage(su.Page).GotoAsync(3140);
        await tree.ExpectEditableAsync();
        await Expect(tree.ParentLinks).ToHaveTextAsync(["Rapidity Inc"]);
        await Expect(tree.ChildLinks).ToHaveTextAsync(["Harbour Freight Co"]);
        await SaveCustomerPageAsync(tree, $"customer-tree-{theme}.png");

        if (!dark)
        {
            await auditor.Page.SetViewportSizeAsync(390, 844);
            var narrow = await new CustomersPage(auditor.Page).GotoAsync("rapi");
            await Expect(narrow.Table).ToHaveAttributeAsync("aria-busy", "false");
            await Expect(narrow.CustomerLinks).ToHaveCountAsync(2);
            await SaveAsync(auditor.Page, "customers-narrow-light.png", new PageScreenshotOptions());
        }
    });

    /// <summary>
    /// Creating and deleting in a 1280×760 window: the new-customer form as `su` fills it in, with the parent picker's
    /// choices open, and the delete dialog of a customer that may be deleted (cancelled, so nothing changes).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task CreateAndDelete(bool dark) => JourneyAsync(async () =>
    {
        var look = new BrowserLook(Dark: dark, Width: 1280, Height: 760);
        var theme = look.Theme;
        var (su, _) = await LogInAsync("su", look);
        var form = await new NewCustomerPage(su.Page).GotoAsync();
        await form.Name.FillAsync("Kauri Logistics Ltd");
        await form.Reference.FillAsync("KL-2026-7");
        await form.Description.FillAsync("Freight forwarding, Auckland");
        await form.Parent.FillAsync("rapi");
        await Expect(form.ParentChoice("Rapidity Inc", 3134)).ToBeVisibleAsync();
        await SaveAsync(su.Page, $"customer-new-{theme}.png", new PageScreenshotOptions());

        var customer = await new CustomerPage(su.Page).GotoAsync(3141);
        await customer.ExpectEditableAsync();
        await customer.DeleteButton.ClickAsync();
        await Expect(customer.CancelDeleteButton).ToBeFocusedAsync();
        await SaveAsync(su.Page, $"customer-delete-{theme}.png", new PageScreenshotOptions());
        await customer.CancelDeleteButton.ClickAsync();
        await Expect(customer.DeleteDialog).ToHaveCountAsync(0);
    });

    /// <summary>The API tokens page of the user menu, a new token shown once above the list.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task ApiTokens(bool dark) => JourneyAsync(async () =>
    {
        var look = new BrowserLook(Dark: dark, Width: 1280, Height: 760);
        var (rapidity, _) = await LogInAsync("rapidity", look);
        var tokens = await new ApiTokensPage(rapidity.Page).GotoAsync();
        await tokens.MakeAsync($"nightly-export-{look.Theme}", readOnly: true);
        await Expect(tokens.NewToken).ToBeVisibleAsync();
        await rapidity.Page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await SaveAsync(rapidity.Page, $"api-tokens-{look.Theme}.png", new PageScreenshotOptions { FullPage = true });
    });

    /// <summary>The whole customer page, once its History has loaded (it fills in after the first render).</summary>
    private static async Task SaveCustomerPageAsync(CustomerPage customer, string name)
    {
        await Expect(customer.HistoryTable).ToBeVisibleAsync();
        await Expect(customer.Page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
        await customer.Page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await SaveAsync(customer.Page, name, new PageScreenshotOptions { FullPage = true });
    }

    /// <summary>Puts a customer back as seeded (no reference, no description, no history), behind the portal's back.</summary>
    private async Task ResetCustomerAsync(long id)
    {
        await using var connection = await Server.OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE ACS_CUSTOMER SET CUSTOMER_REFERENCE = NULL, DESCRIPTION = NULL WHERE ID = $id;
            DELETE FROM JARVIS_CUSTOMER_HISTORY WHERE CUSTOMER_ID = $id;
            """;
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task SaveAsync(IPage page, string name, PageScreenshotOptions options, ILocator? element = null)
    {
        var path = Path.Combine(Folder, name);
        // A dialog's opening animation fills forwards: it stays in getAnimations(), finished, once it has ended.
        await page.WaitForFunctionAsync(
            "() => document.getAnimations().every(a => a.playState === 'finished' || a.effect?.getComputedTiming().iterations === Infinity)");
        if (element is null)
        {
            options.Path = path;
            await page.ScreenshotAsync(options);
        }
        else
        {
            await element.ScreenshotAsync(new() { Path = path });
        }

        Assert.True(new FileInfo(path).Length > 1_000, $"{path} is (nearly) empty.");
    }
}
