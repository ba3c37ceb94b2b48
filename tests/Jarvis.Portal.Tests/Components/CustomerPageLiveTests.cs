using Bunit;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Diagnostics;
using Jarvis.Core.Security;
using Jarvis.Portal.Components.Pages.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace Jarvis.Portal.Tests.Components;

/// <summary>
/// The customer page follows changes made by others while it is open (API.md section 7's history as a live feed): a
/// read-only view and an untouched form take the new values, unsaved input is kept beside them, a deleted customer
/// says so; each change is announced in the polite live region.
/// </summary>
public sealed class CustomerPageLiveTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadOnlyView_ChangeWrittenElsewhere_ShowsTheNewValuesInPlaceAndAnnouncesThem()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity-view");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var reader = host.Context.Services.GetRequiredService<CustomerChangeReader>();
        await reader.PollAsync();
        var page = Render(host, 3141);

        // Written by a service outside this page's feed, as another portal process would: the reader finds the rows.
        await host.ServiceAs("su").UpdateAsync(3141, new CustomerChange("HF-7", "Bonded"), ChangeChannel.Api);
        await reader.PollAsync();

        page.WaitForAssertion(() => Assert.Equal("HF-7", page.Find(".jarvis-reference").TextContent), Wait);
        Assert.Equal("Bonded", page.Find(".jarvis-description").TextContent);
        page.WaitForAssertion(() => Assert.Equal(
            "su changed the customer reference and the description at 2026-11-27 09:00:00. The page shows the new values.",
            LiveNotice(page).TextContent.Replace(ChangedAtOf(page), "2026-11-27 09:00:00")), Wait);
        Assert.Equal("status", LiveNotice(page).GetAttribute("role"));
        AssertNothingFocused(host);
    }

    [Fact]
    public async Task EditForm_WithoutUnsavedInput_TakesTheNewValues_AndTheNextSaveSucceeds()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var page = Render(host, 3134);

        await LiveServiceAs(host, "rapidity").UpdateAsync(3134, new CustomerChange("THEIRS", "Their text"), ChangeChannel.Portal);

        page.WaitForAssertion(() => Assert.Equal("THEIRS", ReferenceInput(page).GetAttribute("value")), Wait);
        Assert.Equal("Their text", DescriptionInput(page).TextContent);
        AssertNothingFocused(host);
        Assert.Empty(page.FindAll(".jarvis-conflict"));
        page.WaitForAssertion(() => Assert.StartsWith("rapidity changed the customer reference and the description", LiveNotice(page).TextContent), Wait);
        Assert.DoesNotContain("Unsaved changes", page.Markup);

        ReferenceInput(page).Input("THEIRS-2");
        await page.Find("form").SubmitAsync();
        page.WaitForAssertion(() => Assert.Contains("Customer saved.", page.Markup), Wait);
        Assert.Equal(("THEIRS-2", "Their text"), await StoredAsync(host, 3134));
    }

    [Fact]
    public async Task EditForm_WithUnsavedInput_KeepsItAndShowsWhoChangedWhat_KeepMineThenSaveStoresIt()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var page = Render(host, 3134);
        ReferenceInput(page).Input("MINE");

        await LiveServiceAs(host, "rapidity").UpdateAsync(3134, new CustomerChange("THEIRS", "Their text"), ChangeChannel.Portal);

        page.WaitForAssertion(() => Assert.Contains("Changed while you were editing.", page.Markup), Wait);
        Assert.Null(page.Find(".jarvis-conflict").GetAttribute("role"));
        Assert.Equal("rapidity", page.Find(".jarvis-conflict-who").TextContent);
        Assert.Equal(["Customer reference", "Description"], page.FindAll(".jarvis-conflict-field th").Select(c => c.TextContent.Trim()));
        Assert.Equal(["THEIRS", "Their text"], page.FindAll(".jarvis-conflict-theirs").Select(c => c.TextContent.Trim()));
        Assert.All(page.FindAll(".jarvis-conflict-change"), c => Assert.StartsWith("rapidity, ", c.TextContent.Trim()));
        Assert.Equal("MINE", ReferenceInput(page).GetAttribute("value"));
        // The description was not touched: it takes their value, so keeping the input overwrites only what was typed.
        Assert.Equal("Their text", DescriptionInput(page).TextContent);
        page.WaitForAssertion(() => Assert.Contains("while you were editing. Your input is kept", LiveNotice(page).TextContent), Wait);
        AssertNothingFocused(host);

        await Button(page, "Keep mine").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".jarvis-conflict")), Wait);
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Customer saved.", page.Markup), Wait);
        Assert.Equal(("MINE", "Their text"), await StoredAsync(host, 3134));
        var history = (await host.ServiceAs("su").GetHistoryAsync(3134))!.Items;
        Assert.Equal(
            [("su", CustomerField.Reference, "THEIRS", "MINE"), ("rapidity", CustomerField.Description, null, "Their text"),
             ("rapidity", CustomerField.Reference, "430184/A", "THEIRS")],
            history.Select(e => (e.Username, e.Field, e.Old, e.New)));
    }

    [Fact]
    public async Task EditForm_WithUnsavedInput_SaveWithoutChoosing_IsRefusedAndOverwritesNothing()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var page = Render(host, 3134);
        ReferenceInput(page).Input("MINE");
        await LiveServiceAs(host, "rapidity").UpdateAsync(3134, new CustomerChange("THEIRS", null), ChangeChannel.Portal);
        page.WaitForAssertion(() => Assert.Contains("Changed while you were editing.", page.Markup), Wait);

        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Not saved.", page.Markup), Wait);
        Assert.Equal(("THEIRS", null), await StoredAsync(host, 3134));
        await Button(page, "Use their values").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("THEIRS", ReferenceInput(page).GetAttribute("value")), Wait);
    }

    [Fact]
    public async Task CustomerDeletedWhileOpen_SaysSoWithWhoAndWhen_NoErrorPage()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var page = Render(host, 3141);
        ReferenceInput(page).Input("MINE");
        var feed = host.Context.Services.GetRequiredService<CustomerChangeFeed>();

        await using (var connection = await host.Context.Services.GetRequiredService<JarvisDatabase>().OpenAsync())
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM ACS_CUSTOMER WHERE ID = 3141";
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        // What a delete announces: its history rows, the name's without a new value.
        var at = new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);
        feed.AnnounceCommitted(3141, [new(CustomerChangeNotice.NameField, "Harbour Freight Co", null, "su", at, "portal")]);

        page.WaitForAssertion(() => Assert.Equal("Customer deleted", page.Find("h1").TextContent), Wait);
        Assert.Contains("Harbour Freight Co (customer 3141) was deleted by su at", page.Find(".jarvis-customer-gone").TextContent);
        Assert.Equal("2026-12-07T15:00:00Z", page.Find(".jarvis-customer-gone time").GetAttribute("datetime"));
        page.WaitForAssertion(() => Assert.Equal("su deleted this customer at 2026-12-07 15:00:00.", LiveNotice(page).TextContent), Wait);
        Assert.Empty(page.FindAll("form"));
    }

    [Fact]
    public async Task ChangeOfAnotherCustomer_LeavesThePageAlone()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = Render(host, 3134);
        ReferenceInput(page).Input("MINE");

        await LiveServiceAs(host, "su").UpdateAsync(3141, new CustomerChange("ELSEWHERE", null), ChangeChannel.Api);
        await LiveServiceAs(host, "su").UpdateAsync(3134, new CustomerChange("HERE", null), ChangeChannel.Api);

        page.WaitForAssertion(() => Assert.Contains("Changed while you were editing.", page.Markup), Wait);
        Assert.Equal(["HERE"], page.FindAll(".jarvis-conflict-theirs").Select(c => c.TextContent.Trim()));
    }

    /// <summary>Focus moves only through JavaScript (MudBlazor's focus calls): the page made none.</summary>
    private static void AssertNothingFocused(PortalTestHost host) =>
        Assert.DoesNotContain(host.Context.JSInterop.Invocations, i => i.Identifier.Contains("focus", StringComparison.OrdinalIgnoreCase));

    private static IRenderedComponent<CustomerPage> Render(PortalTestHost host, long id)
    {
        var page = host.Context.Render<CustomerPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Contains($"Customer {id}", page.Find(".jarvis-page-header").TextContent), Wait);
        return page;
    }

    /// <summary>The customer service of this process, which announces its changes on the feed the page follows.</summary>
    private static CustomerService LiveServiceAs(PortalTestHost host, string username)
    {
        var services = host.Context.Services;
        return new CustomerService(
            services.GetRequiredService<JarvisDatabase>(), services.GetRequiredService<CustomerStatements>(),
            services.GetRequiredService<SearchPlanner>(), new SwitchableUser(PortalTestHost.UserOf(username)),
            services.GetRequiredService<AccessPolicy>(), services.GetRequiredService<JarvisTelemetry>(),
            changeFeed: services.GetRequiredService<CustomerChangeFeed>());
    }

    private static async Task<(string?, string?)> StoredAsync(PortalTestHost host, long id)
    {
        var stored = (await host.ServiceAs("su").GetAsync(id))!;
        return (stored.Reference, stored.Description);
    }

    /// <summary>The time the history gave the change, as the live region shows it (the rows carry the real clock).</summary>
    private static string ChangedAtOf(IRenderedComponent<CustomerPage> page) =>
        System.Text.RegularExpressions.Regex.Match(LiveNotice(page).TextContent, @"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d").Value;

    private static AngleSharp.Dom.IElement LiveNotice(IRenderedComponent<CustomerPage> page) => page.Find(".jarvis-live-notice");

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<CustomerPage> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static AngleSharp.Dom.IElement ReferenceInput(IRenderedComponent<CustomerPage> page) =>
        page.Find(".jarvis-reference-field input");

    private static AngleSharp.Dom.IElement DescriptionInput(IRenderedComponent<CustomerPage> page) =>
        page.Find(".jarvis-description-field textarea");
}
