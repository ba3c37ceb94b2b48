using Bunit;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Portal.Components.Pages.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace Jarvis.Portal.Tests.Components;

/// <summary>The customers list follows changes of the rows on screen, in place: no re-sort, no new count.</summary>
public sealed class CustomerListLiveTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RowOnScreen_ChangedElsewhere_ShowsTheNewValueMarked_InTheSamePlace()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var reader = host.Context.Services.GetRequiredService<CustomerChangeReader>();
        await reader.PollAsync();
        host.NavigateTo("/customers?q=rapi&sort=reference");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(["118822/C", "430184/A"], References(page)), Wait);

        // A reference that sorts first: the row keeps its place under the pointer.
        await host.ServiceAs("rapidity").UpdateAsync(3134, new CustomerChange("000-FIRST", null), ChangeChannel.Portal);
        await reader.PollAsync();

        page.WaitForAssertion(() => Assert.Equal(["118822/C", "000-FIRST"], References(page)), Wait);
        Assert.Equal(["Rapidity Locators Inc", "Rapidity Inc"], page.FindAll("a.jarvis-row-link").Select(a => a.TextContent));
        var marked = Assert.Single(page.FindAll("tr.jarvis-row-changed"));
        Assert.Contains("000-FIRST", marked.TextContent);
        Assert.Contains("box-shadow", marked.GetAttribute("style"));
        Assert.Equal("2 customers", page.Find(".jarvis-count").TextContent);
        Assert.Equal("Rapidity Inc changed.", page.Find(".jarvis-announcement").TextContent);
    }

    [Fact]
    public async Task RowOnScreen_CustomerGone_IsStruckThroughAndStays()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=harbour");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(["Harbour Freight Co"], page.FindAll("a.jarvis-row-link").Select(a => a.TextContent)), Wait);

        await using (var connection = await host.Context.Services.GetRequiredService<JarvisDatabase>().OpenAsync())
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM ACS_CUSTOMER WHERE ID = 3141";
            await delete.ExecuteNonQueryAsync();
        }

        host.Context.Services.GetRequiredService<CustomerChangeFeed>().AnnounceCommitted(3141,
            [new(CustomerChangeNotice.NameField, "Harbour Freight Co", null, "su", DateTimeOffset.UnixEpoch, "api")]);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.jarvis-row-gone")), Wait);
        Assert.Contains("line-through", page.Find("tr.jarvis-row-gone").GetAttribute("style"));
        Assert.Equal("Harbour Freight Co is no longer available.", page.Find(".jarvis-announcement").TextContent);
    }

    private static List<string> References(IRenderedComponent<CustomerList> page) =>
        [.. page.FindAll("td[data-label=Reference]").Select(td => td.TextContent.Trim())];
}
