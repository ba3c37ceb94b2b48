using System.Text.RegularExpressions;
using Jarvis.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Pages;

/// <summary><c>/customers?q=TERM&amp;page=N</c>: search as you type, a table of matches, a count.</summary>
public sealed partial class CustomersPage(IPage page)
{
    public IPage Page => page;

    public AppBar AppBar { get; } = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Customers", Level = 1, Exact = true });

    /// <summary>A download link for the current search as CSV (the API's <c>customer.csv</c>).</summary>
    public ILocator ExportCsv => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV", Exact = true });

    /// <summary>"New customer", offered to users who may create one (a link to the form).</summary>
    public ILocator NewCustomerLink => page.GetByRole(AriaRole.Link, new() { Name = "New customer", Exact = true });

    /// <summary>The polite status region that says which customer was just deleted.</summary>
    public ILocator DeletedNotice => page.Locator("[role=status].jarvis-deleted-notice");

    public ILocator SearchBox => page.GetByLabel("Search customers", new() { Exact = true });

    public ILocator Table => page.GetByRole(AriaRole.Table, new() { Name = "Customers", Exact = true });

    /// <summary>The result rows: those with a customer link (not the header, not the empty-state row).</summary>
    public ILocator Rows => Table.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link) });

    /// <summary>A column header (<c>th</c>), which carries <c>aria-sort</c> when the list is sorted by it.</summary>
    public ILocator ColumnHeader(string name) => Table.GetByRole(AriaRole.Columnheader, new() { Name = name, Exact = true });

    /// <summary>The button in a sortable column's header.</summary>
    public ILocator SortButton(string column) => ColumnHeader(column).GetByRole(AriaRole.Button);

    public ILocator CustomerLinks => Table.GetByRole(AriaRole.Link);

    /// <summary>The polite status line a screen reader announces when a search, page or order has been answered.</summary>
    public ILocator Announcement => page.Locator(".jarvis-announcement");

    public ILocator EmptyState => page.GetByText("No customers match your search.");

    public ILocator Loading => page.GetByRole(AriaRole.Progressbar);

    public ILocator Row(string customerName) =>
        Rows.Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = customerName, Exact = true }) });

    public ILocator Count(int total) =>
        page.GetByText(total == 1 ? "1 customer" : $"{total} customers", new() { Exact = true });

    public async Task<CustomersPage> GotoAsync(string? query = null)
    {
        await page.GotoAsync(query is null ? "/customers" : $"/customers?q={Uri.EscapeDataString(query)}");
        await ExpectShownAsync();
        return this;
    }

    /// <summary>The page is on screen and its circuit is up, so what is typed into the search box counts.</summary>
    public async Task ExpectShownAsync()
    {
        await Expect(page).ToHaveURLAsync(CustomersPath());
        await Expect(Heading).ToBeVisibleAsync();
        await BlazorCircuit.WaitUntilInteractiveAsync(SearchBox);
    }

    /// <summary>Types the term (replacing what was there) and waits until the URL carries it and loading has ended.</summary>
    public async Task SearchAsync(string term)
    {
        await SearchBox.FillAsync(term);
        await Expect(page).ToHaveURLAsync(term.Length == 0 ? WithoutQuery() : WithQuery(term));
        await Expect(Loading).ToHaveCountAsync(0);
    }

    public async Task<CustomerPage> OpenAsync(string customerName)
    {
        await Table.GetByRole(AriaRole.Link, new() { Name = customerName, Exact = true }).ClickAsync();
        var customer = new CustomerPage(page);
        await customer.ExpectCustomerAsync(customerName);
        return customer;
    }

    /// <summary>The list shows exactly these customer names, in this order.</summary>
    public Task ExpectCustomersAsync(params string[] names) => Expect(CustomerLinks).ToHaveTextAsync(names);

    /// <summary>The customer's row reads exactly: name, service numbers, reference.</summary>
    public Task ExpectRowAsync(string name, string serviceNumbers, string reference) =>
        Expect(Row(name).GetByRole(AriaRole.Cell)).ToHaveTextAsync([name, serviceNumbers, reference]);

    /// <summary><c>/customers?…q=TERM…</c>, the term encoded as a browser encodes a query value.</summary>
    public static Regex WithQuery(string term) =>
        new($"/customers\\?(.*&)?q={Regex.Escape(Uri.EscapeDataString(term)).Replace("%20", "(%20|\\+)", StringComparison.Ordinal)}(&|$)");

    private static Regex WithoutQuery() => new("/customers(\\?(?!(.*&)?q=).*)?$");

    [GeneratedRegex("/customers(\\?.*)?$")]
    private static partial Regex CustomersPath();
}
