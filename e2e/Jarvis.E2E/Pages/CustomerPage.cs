using System.Text.RegularExpressions;
using Jarvis.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Pages;

/// <summary><c>/customers/{id}</c>: one customer, editable or read-only depending on who looks.</summary>
public sealed class CustomerPage(IPage page)
{
    public const string ReadOnlyNotice = "You can view this customer but not change it.";

    public const string NoHistory = "No changes have been made through Jarvis yet.";

    public IPage Page => page;

    public AppBar AppBar { get; } = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator NotFoundHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Customer not found", Level = 1, Exact = true });

    public ILocator Reference => page.GetByRole(AriaRole.Textbox, new() { Name = "Customer reference", Exact = true });

    public ILocator Description => page.GetByRole(AriaRole.Textbox, new() { Name = "Description", Exact = true });

    public ILocator SaveButton => page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true });

    public ILocator CancelButton => page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true });

    /// <summary>The breadcrumb back to the customers list (the current customer after it is text, not a link).</summary>
    public ILocator CustomersBreadcrumb =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link, new() { Name = "Customers", Exact = true });

    public ILocator LeaveDialog => page.GetByRole(AriaRole.Dialog);

    public ILocator StayButton => LeaveDialog.GetByRole(AriaRole.Button, new() { Name = "Stay", Exact = true });

    public ILocator LeaveButton => LeaveDialog.GetByRole(AriaRole.Button, new() { Name = "Leave", Exact = true });

    public ILocator Saved => page.GetByText("Customer saved.", new() { Exact = true });

    /// <summary>"Delete", offered to a user who may delete this customer.</summary>
    public ILocator DeleteButton => page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).And(page.Locator(".jarvis-delete"));

    /// <summary>The confirmation dialog "Delete customer".</summary>
    public ILocator DeleteDialog => page.GetByRole(AriaRole.Dialog, new() { Name = "Delete customer" });

    public ILocator ConfirmDeleteButton => DeleteDialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true });

    public ILocator CancelDeleteButton => DeleteDialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true });

    public ILocator CloseDeleteButton => DeleteDialog.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true });

    public ILocator ReadOnly => page.GetByText(ReadOnlyNotice, new() { Exact = true });

    public ILocator Text(string text) => page.GetByText(text, new() { Exact = true });

    /// <summary>The parent customers in the breadcrumb, top first (links; the current customer is text).</summary>
    public ILocator ParentLinks =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link).Filter(new() { HasNotTextRegex = new("^Customers$") });

    /// <summary>The customers directly below this one (links, a page at a time).</summary>
    public ILocator ChildLinks => Panel(new("^Customers below")).GetByRole(AriaRole.Link);

    /// <summary>
    /// The conflict view, shown when Save found that someone else changed the customer since the page loaded it: an
    /// alert with who changed it, a table of the fields they changed, and the two ways out.
    /// </summary>
    public ILocator Conflict => page.GetByRole(AriaRole.Alert).Filter(new() { Has = UseTheirValuesButton });

    public ILocator UseTheirValuesButton => page.GetByRole(AriaRole.Button, new() { Name = "Use their values", Exact = true });

    /// <summary>
    /// The banner shown as soon as someone else's change lands while this page has unsaved input (no alert: the change
    /// is read out in the page's polite live region): who changed what, beside the input, and the two ways on.
    /// </summary>
    public ILocator LiveConflict => page.Locator(".jarvis-conflict").Filter(new() { Has = KeepMineButton });

    public ILocator KeepMineButton => page.GetByRole(AriaRole.Button, new() { Name = "Keep mine", Exact = true });

    /// <summary>The polite live region that reads out changes made by others while the page is open.</summary>
    public ILocator LiveNotice => page.Locator(".jarvis-live-notice");

    /// <summary>The read-only view's reference (the Details card).</summary>
    public ILocator ShownReference => page.Locator("dd.jarvis-reference");

    /// <summary>The read-only view's description.</summary>
    public ILocator ShownDescription => page.Locator("dd.jarvis-description");

    /// <summary>The conflict table's cells for a field ("Customer reference", "Description"): saved now, your input, changed by.</summary>
    public ILocator ConflictCells(string field) =>
        Conflict.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = field, Exact = true }) })
            .GetByRole(AriaRole.Cell);

    /// <summary>The History panel's table (columns When, Who, Field, Old value, New value, Via), newest first.</summary>
    public ILocator HistoryTable =>
        page.GetByRole(AriaRole.Table).Filter(new() { Has = page.GetByRole(AriaRole.Columnheader, new() { Name = "Old value", Exact = true }) });

    /// <summary>The History panel: its heading and the table.</summary>
    public ILocator HistoryPanel => Panel(new("^History$"));

    /// <summary>The History's entries on the page shown (not the header, not the "no changes" row).</summary>
    public ILocator HistoryRows => HistoryTable.Locator("tbody").GetByRole(AriaRole.Row)
        .Filter(new() { HasNot = page.GetByText(NoHistory, new() { Exact = true }) });

    /// <summary>A card of the page: what its heading (h2) and what follows it are in.</summary>
    private ILocator Panel(Regex heading) =>
        page.GetByRole(AriaRole.Heading, new() { NameRegex = heading, Level = 2 }).Locator("xpath=..");

    public async Task<CustomerPage> GotoAsync(long id)
    {
        await page.GotoAsync($"/customers/{id}");
        await Expect(page).ToHaveURLAsync(new Regex($"/customers/{id}$"));
        await Expect(Heading).ToBeVisibleAsync();
        return this;
    }

    /// <summary>The page shows this customer and, for an editor, the form takes input.</summary>
    public async Task ExpectCustomerAsync(string name)
    {
        await Expect(Heading).ToHaveTextAsync(name);
        await AppBar.WaitUntilInteractiveAsync();
    }

    /// <summary>Waits until the form takes input (the editor's view of the page).</summary>
    public async Task ExpectEditableAsync()
    {
        await Expect(Reference).ToBeEditableAsync();
        await Expect(Description).ToBeEditableAsync();
        await Expect(SaveButton).ToBeVisibleAsync();
        await BlazorCircuit.WaitUntilInteractiveAsync(Reference);
    }

    public async Task ExpectReadOnlyAsync()
    {
        await Expect(ReadOnly).ToBeVisibleAsync();
        await Expect(Reference).ToHaveCountAsync(0);
        await Expect(Description).ToHaveCountAsync(0);
        await Expect(SaveButton).ToHaveCountAsync(0);
    }

    public async Task ReloadAsync(string name)
    {
        await page.ReloadAsync();
        await ExpectCustomerAsync(name);
    }

    /// <summary>
    /// The reference field is marked invalid and its accessible description (what a screen reader reads after the
    /// name) is the message followed by the character counter; the description field stays valid, described by its
    /// counter alone.
    /// </summary>
    public async Task ExpectReferenceRefusedAsync(string message)
    {
        await Expect(Reference).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Reference).ToHaveAccessibleDescriptionAsync(new Regex($@"^{Regex.Escape(message)} \d+ / 50$"));
        await Expect(Text(message)).ToBeVisibleAsync();
        await Expect(Description).ToHaveAttributeAsync("aria-invalid", "false");
        await Expect(Description).ToHaveAccessibleDescriptionAsync(new Regex(@"^\d+ / 255$"));
    }

    public async Task EditAsync(string reference, string description)
    {
        await Reference.FillAsync(reference);
        await Description.FillAsync(description);
    }
}
