using AngleSharp.Dom;
using Bunit;
using Jarvis.Core.Customers;
using Jarvis.Portal.Components.Pages.Customers;

namespace Jarvis.Portal.Tests.Components;

/// <summary>The customer page's "Delete" and its dialog, and the list's notice after a delete (API.md section 9, Portal).</summary>
public sealed class CustomerDeleteTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("su", 3134, true)]
    [InlineData("su", 3141, true)]
    [InlineData("rapidity", 3140, true)]
    [InlineData("rapidity", 3134, false)]
    [InlineData("rapidity-view", 3140, false)]
    [InlineData("auditor", 3141, false)]
    public async Task Delete_IsOfferedToThoseWhoMayDelete_NeverAnAcsUsersOwnCustomer(string username, long id, bool offered)
    {
        await using var host = await PortalTestHost.CreateAsync(username);

        var page = await RenderAsync(host, id);

        Assert.Equal(offered ? 1 : 0, page.FindAll("button.jarvis-delete").Count);
    }

    [Fact]
    public async Task CustomerWithNumbersAndCustomersBelow_DialogSaysSo_AndOffersNoDelete()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);

        page.Find("button.jarvis-delete").Click();

        var dialogs = host.Dialogs!;
        dialogs.WaitForAssertion(() => Assert.Equal(
            "Customer “Rapidity Inc” cannot be deleted: it still has 1 service number and 1 customer below it. Move or remove them first.",
            dialogs.Find(".jarvis-delete-blocked").TextContent), Wait);
        Assert.Equal(["Close"], DialogButtons(host));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Close").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".jarvis-delete-dialog")), Wait);
        Assert.NotNull(await host.ServiceAs("su").GetAsync(3134));
    }

    [Fact]
    public async Task CustomerWithOnlyCustomersBelow_DialogSaysSo()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        // 3140 has one service number; without it only the customer below (3141) blocks.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={host.DatabaseFile}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM ACS_CUSTOMER_SN WHERE CUSTOMER_ID = 3140";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var page = await RenderAsync(host, 3140);
        page.Find("button.jarvis-delete").Click();

        var dialogs = host.Dialogs!;
        dialogs.WaitForAssertion(() => Assert.Equal(
            "Customer “Swift Couriers Ltd” cannot be deleted: it still has 1 customer below it. Move or remove them first.",
            dialogs.Find(".jarvis-delete-blocked").TextContent), Wait);
        Assert.Equal(["Close"], DialogButtons(host));
    }

    [Fact]
    public async Task Cancel_ClosesTheDialog_AndDeletesNothing()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers/3141");
        var page = await RenderAsync(host, 3141);

        page.Find("button.jarvis-delete").Click();
        var dialogs = host.Dialogs!;
        dialogs.WaitForAssertion(() => Assert.Contains("Delete customer “Harbour Freight Co” (customer 3141)?", dialogs.Find(".jarvis-delete-question").TextContent), Wait);
        Assert.Equal(["Cancel", "Delete"], DialogButtons(host));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".jarvis-delete-dialog")), Wait);
        Assert.Equal("/customers/3141", host.CurrentUrl);
        Assert.NotNull(await host.ServiceAs("su").GetAsync(3141));
        Assert.Single(page.FindAll("button.jarvis-delete"));
    }

    [Theory]
    [InlineData("su")]
    [InlineData("rapidity")]
    public async Task Confirm_DeletesTheCustomer_AndGoesToTheListWithANoticeNamingIt(string username)
    {
        await using var host = await PortalTestHost.CreateAsync(username);
        host.NavigateTo("/customers/3141");
        var page = await RenderAsync(host, 3141);

        await ConfirmDeleteAsync(host, page);

        page.WaitForAssertion(() => Assert.Equal("/customers?deleted=Harbour%20Freight%20Co", host.CurrentUrl), Wait);
        Assert.Null(await host.ServiceAs("su").GetAsync(3141));
        var history = (await host.ServiceAs("su").GetHistoryAsync(3141, 0, 10))!.Items;
        Assert.Contains(history, h => h is { Field: CustomerField.Name, Old: "Harbour Freight Co", New: null, Via: ChangeChannel.Portal });

        // The list the page went to: the notice, inside the polite live region.
        var list = host.Context.Render<CustomerList>();
        list.WaitForAssertion(() => Assert.Equal(
            "Customer “Harbour Freight Co” was deleted.", list.Find("[role=status].jarvis-deleted-notice").TextContent.Trim()), Wait);
        Assert.Empty(list.FindAll(".jarvis-deleted-notice [role=alert]"));
    }

    [Fact]
    public async Task CustomerChangedSinceThePageRead_ConflictIsShownInTheDialog_AndNothingIsDeleted()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers/3141");
        var page = await RenderAsync(host, 3141);
        await host.ServiceAs("su").UpdateAsync(3141, new CustomerChange("CHANGED-ELSEWHERE", null), ChangeChannel.Api);

        await ConfirmDeleteAsync(host, page);

        var dialogs = host.Dialogs!;
        dialogs.WaitForAssertion(() => Assert.Contains(CustomerRules.ChangedSinceRead(3141), dialogs.Find(".jarvis-delete-refused").TextContent), Wait);
        Assert.Equal(["Close"], DialogButtons(host));
        Assert.Equal("CHANGED-ELSEWHERE", (await host.ServiceAs("su").GetAsync(3141))!.Reference);

        // Closed, the page shows the values saved now, so a second Delete names their version.
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Close").Click();
        page.WaitForAssertion(() => Assert.Equal("CHANGED-ELSEWHERE", page.Find(".jarvis-reference-field input").GetAttribute("value")), Wait);
        await ConfirmDeleteAsync(host, page);
        page.WaitForAssertion(() => Assert.StartsWith("/customers?deleted=", host.CurrentUrl), Wait);
        Assert.Null(await host.ServiceAs("su").GetAsync(3141));
    }

    [Theory]
    [InlineData("su")]
    [InlineData("rapidity")]
    public async Task CustomerDeletedElsewhere_DialogSaysItNoLongerExists_AndThePageThenSaysNotFound(string username)
    {
        await using var host = await PortalTestHost.CreateAsync(username);
        host.NavigateTo("/customers/3141");
        var page = await RenderAsync(host, 3141);
        Assert.IsType<DeleteResult.Deleted>(await host.ServiceAs("su").DeleteAsync(3141, ChangeChannel.Api));

        await ConfirmDeleteAsync(host, page);

        var dialogs = host.Dialogs!;
        dialogs.WaitForAssertion(() => Assert.Contains("no longer exists", dialogs.Find(".jarvis-delete-refused").TextContent), Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Close").Click();
        page.WaitForAssertion(() => Assert.Equal("Customer not found", page.Find("h1").TextContent), Wait);
    }

    [Fact]
    public async Task RefusalFromTheServer_IsShownInTheDialog_AndNothingIsDeleted()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers/3141");
        var page = await RenderAsync(host, 3141);
        page.Find("button.jarvis-delete").Click();
        var dialogs = host.Dialogs!;
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll("button.jarvis-delete-confirm")), Wait);

        // A customer appears below 3141 after the dialog counted none: the server refuses the delete.
        Assert.IsType<CreateResult.Created>(
            await host.ServiceAs("su").CreateAsync(new NewCustomer("Late Child Ltd", null, null, 3141), ChangeChannel.Api));
        await dialogs.Find("button.jarvis-delete-confirm").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Equal(CustomerRules.StillHasChildren(3141), dialogs.Find(".jarvis-delete-refused").TextContent.Trim()), Wait);
        Assert.Equal(["Close"], DialogButtons(host));
        Assert.NotNull(await host.ServiceAs("su").GetAsync(3141));
        Assert.Equal("/customers/3141", host.CurrentUrl);
    }

    [Fact]
    public async Task DeletedCustomersPage_OpenedLater_SaysCustomerNotFound()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        Assert.IsType<DeleteResult.Deleted>(await host.ServiceAs("su").DeleteAsync(3141, ChangeChannel.Api));

        var page = host.Context.Render<CustomerPage>(p => p.Add(x => x.Id, 3141L));

        page.WaitForAssertion(() => Assert.Equal("Customer not found", page.Find("h1").TextContent), Wait);
        Assert.Contains("There is no customer 3141", page.Markup);
    }

    private static async Task ConfirmDeleteAsync(PortalTestHost host, IRenderedComponent<CustomerPage> page)
    {
        page.Find("button.jarvis-delete").Click();
        var dialogs = host.Dialogs!;
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll("button.jarvis-delete-confirm")), Wait);
        await dialogs.Find("button.jarvis-delete-confirm").ClickAsync(new());
    }

    private static List<string> DialogButtons(PortalTestHost host) =>
        host.Dialogs!.FindAll(".mud-dialog-actions button").Select(b => b.TextContent.Trim()).ToList();

    private static async Task<IRenderedComponent<CustomerPage>> RenderAsync(PortalTestHost host, long id)
    {
        var page = host.Context.Render<CustomerPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("h1")), Wait);
        page.WaitForAssertion(() => Assert.NotEqual($"Customer {id}", page.Find("h1").TextContent), Wait);
        await Task.CompletedTask;
        return page;
    }
}
