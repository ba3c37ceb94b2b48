using Bunit;
using Jarvis.Core.Customers;
using Jarvis.Portal.Components.Pages.Customers;

namespace Jarvis.Portal.Tests.Components;

/// <summary>
/// The customer page against lost updates (API.md section 7 in the portal): it saves only over the version it loaded,
/// shows the conflict and lets the operator take the other values or overwrite them; and the tree around the customer.
/// </summary>
public sealed class CustomerPageVersionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Save_AfterSomeoneElseChangedTheCustomer_SavesNothingAndShowsWhoChangedWhatBesideTheInput()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var page = await RenderAsync(host, 3134);
        await host.ServiceAs("rapidity").UpdateAsync(3134, new CustomerChange("THEIRS", "Their text"), ChangeChannel.Portal);

        ReferenceInput(page).Input("MINE");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Not saved.", page.Markup), Wait);
        Assert.Equal("rapidity", page.Find(".jarvis-conflict-who").TextContent);
        Assert.Equal(["THEIRS", "Their text"], page.FindAll(".jarvis-conflict-theirs").Select(c => c.TextContent.Trim()));
        Assert.Equal(["MINE", "no value"], page.FindAll(".jarvis-conflict-yours").Select(c => c.TextContent.Trim()));
        Assert.Equal("MINE", ReferenceInput(page).GetAttribute("value"));
        Assert.DoesNotContain("Customer saved.", page.Markup);
        Assert.Equal("THEIRS", (await host.ServiceAs("su").GetAsync(3134))!.Reference);
    }

    [Fact]
    public async Task UseTheirValues_PutsThemInTheFields_AndTheNextSaveSucceeds()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var page = await RenderAsync(host, 3134);
        await host.ServiceAs("rapidity").UpdateAsync(3134, new CustomerChange("THEIRS", "Their text"), ChangeChannel.Portal);
        ReferenceInput(page).Input("MINE");
        await page.Find("form").SubmitAsync();
        page.WaitForAssertion(() => Assert.Contains("Not saved.", page.Markup), Wait);

        await Button(page, "Use their values").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".jarvis-conflict")), Wait);
        Assert.Equal("THEIRS", ReferenceInput(page).GetAttribute("value"));
        Assert.Equal("Their text", DescriptionInput(page).TextContent);
        ReferenceInput(page).Input("THEIRS-2");
        await page.Find("form").SubmitAsync();
        page.WaitForAssertion(() => Assert.Contains("Customer saved.", page.Markup), Wait);
        var stored = (await host.ServiceAs("su").GetAsync(3134))!;
        Assert.Equal(("THEIRS-2", "Their text"), (stored.Reference, stored.Description));
    }

    [Fact]
    public async Task OverwriteWithMine_SavesTheInputOverTheirValues()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var page = await RenderAsync(host, 3134);
        await host.ServiceAs("rapidity").UpdateAsync(3134, new CustomerChange("THEIRS", null), ChangeChannel.Portal);
        ReferenceInput(page).Input("MINE");
        await page.Find("form").SubmitAsync();
        page.WaitForAssertion(() => Assert.Contains("Not saved.", page.Markup), Wait);

        await Button(page, "Overwrite with mine").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Customer saved.", page.Markup), Wait);
        Assert.Equal("MINE", (await host.ServiceAs("su").GetAsync(3134))!.Reference);
        var latest = (await host.ServiceAs("su").GetHistoryAsync(3134))!.Items[0];
        Assert.Equal(("su", "THEIRS", "MINE", ChangeChannel.Portal), (latest.Username, latest.Old, latest.New, latest.Via));
    }

    [Fact]
    public async Task Save_RecordsPortalInTheHistoryAndTheHistoryPanelShowsIt()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var page = await RenderAsync(host, 3134);
        page.WaitForAssertion(() => Assert.Contains("No changes have been made through Jarvis yet.", page.Markup), Wait);

        ReferenceInput(page).Input("FROM-PORTAL");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal("FROM-PORTAL", page.Find("td.jarvis-history-new").TextContent.Trim()), Wait);
        Assert.Contains(page.FindAll(".jarvis-history td"), td => td.TextContent.Trim() == "portal");
    }

    [Theory]
    [InlineData("su", 3141L, new[] { "Customers", "Rapidity Inc", "Swift Couriers Ltd", "Harbour Freight Co" }, "customers customers/3134 customers/3140")]
    [InlineData("rapidity-view", 3141L, new[] { "Customers", "Rapidity Inc", "Swift Couriers Ltd", "Harbour Freight Co" }, "customers customers/3134 customers/3140")]
    [InlineData("rapidity", 3140L, new[] { "Customers", "Rapidity Inc", "Swift Couriers Ltd" }, "customers customers/3134")]
    [InlineData("rapidity", 3134L, new[] { "Customers", "Rapidity Inc" }, "customers")]
    [InlineData("auditor", 1551L, new[] { "Customers", "Rapidity Locators Inc" }, "customers")]
    public async Task Breadcrumb_IsTheParentChainUpToTheTopCustomerTheUserMaySee(string user, long id, string[] crumbs, string links)
    {
        await using var host = await PortalTestHost.CreateAsync(user);

        var page = await RenderAsync(host, id);

        page.WaitForAssertion(() => Assert.Equal(crumbs, page.FindAll(".jarvis-breadcrumbs li").Select(li => li.TextContent.Trim())), Wait);
        Assert.Equal(links, string.Join(" ", page.FindAll(".jarvis-breadcrumbs li a").Select(a => a.GetAttribute("href"))));
        // The last crumb is the page itself (aria-current), text and not a link to follow.
        var current = page.Find(".jarvis-breadcrumbs li:last-child");
        Assert.Equal("page", current.GetAttribute("aria-current"));
        Assert.Empty(current.QuerySelectorAll("a"));
    }

    [Fact]
    public async Task Page_ShowsTheCustomersBelowAsLinks()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity");

        var page = await RenderAsync(host, 3134);

        page.WaitForAssertion(() => Assert.Equal("(1)", page.Find(".jarvis-children-count").TextContent), Wait);
        Assert.Equal("customers/3140", page.Find(".jarvis-children-list a").GetAttribute("href"));
    }

    private static async Task<IRenderedComponent<CustomerPage>> RenderAsync(PortalTestHost host, long id)
    {
        var page = host.Context.Render<CustomerPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("h1")), Wait);
        await Task.CompletedTask;
        return page;
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<CustomerPage> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static AngleSharp.Dom.IElement ReferenceInput(IRenderedComponent<CustomerPage> page) =>
        page.Find(".jarvis-reference-field input");

    private static AngleSharp.Dom.IElement DescriptionInput(IRenderedComponent<CustomerPage> page) =>
        page.Find(".jarvis-description-field textarea");
}
