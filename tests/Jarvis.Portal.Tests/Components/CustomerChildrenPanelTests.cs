using Bunit;
using Jarvis.Portal.Components.Pages.Customers;
using Microsoft.Data.Sqlite;

namespace Jarvis.Portal.Tests.Components;

/// <summary>The customers directly below a customer, as the user may see them: links, paged, with the count.</summary>
public sealed class CustomerChildrenPanelTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("su", 3134L, "Swift Couriers Ltd", "customers/3140")]
    [InlineData("rapidity-view", 3134L, "Swift Couriers Ltd", "customers/3140")]
    [InlineData("rapidity", 3140L, "Harbour Freight Co", "customers/3141")]
    public async Task Children_AreLinksWithTheCount(string user, long id, string name, string href)
    {
        await using var host = await PortalTestHost.CreateAsync(user);

        var panel = host.Context.Render<CustomerChildrenPanel>(p => p.Add(x => x.CustomerId, id));

        panel.WaitForAssertion(() => Assert.Equal("(1)", panel.Find(".jarvis-children-count").TextContent), Wait);
        var link = Assert.Single(panel.FindAll(".jarvis-children-list a"));
        Assert.Equal(name, link.TextContent);
        Assert.Equal(href, link.GetAttribute("href"));
    }

    [Fact]
    public async Task Children_NoneBelow_SaysNoneWithCountZero()
    {
        await using var host = await PortalTestHost.CreateAsync("su");

        var panel = host.Context.Render<CustomerChildrenPanel>(p => p.Add(x => x.CustomerId, 3141));

        panel.WaitForAssertion(() => Assert.Contains("None.", panel.Markup), Wait);
        Assert.Equal("(0)", panel.Find(".jarvis-children-count").TextContent);
        Assert.Empty(panel.FindAll(".jarvis-children-list a"));
    }

    [Fact]
    public async Task Children_ManyBelow_ArePagedByNameTenAtATime()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        using (var connection = new SqliteConnection($"Data Source={host.DatabaseFile}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE ACS_CUSTOMER SET PARENT_CUSTOMER_ID = 3140 WHERE ID IN (SELECT ID FROM ACS_CUSTOMER WHERE ID >= 10000 ORDER BY ID LIMIT 24)";
            command.ExecuteNonQuery();
        }

        var expected = (await host.ServiceAs("su").GetChildrenAsync(3140))!.Items.Select(c => c.Name).ToList();
        var panel = host.Context.Render<CustomerChildrenPanel>(p => p.Add(x => x.CustomerId, 3140));

        panel.WaitForAssertion(() => Assert.Equal("(25)", panel.Find(".jarvis-children-count").TextContent), Wait);
        Assert.Equal(expected.Take(10), Links(panel));
        await panel.Find("button[aria-label='Page 3']").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Equal(expected.Skip(20), Links(panel)), Wait);
        Assert.Equal(5, Links(panel).Count);
    }

    [Fact]
    public async Task DatabaseDown_SaysSoInThePanel_InsteadOfEndingTheCircuit()
    {
        await using var host = PortalTestHost.CreateWithDatabaseDown("su");

        var panel = host.Context.Render<CustomerChildrenPanel>(p => p.Add(x => x.CustomerId, 3134));

        panel.WaitForAssertion(() => Assert.Contains("The customers below cannot be read right now", panel.Markup), Wait);
        Assert.Empty(panel.FindAll(".jarvis-children-list a"));
    }

    private static List<string> Links(IRenderedComponent<CustomerChildrenPanel> panel) =>
        panel.FindAll(".jarvis-children-list a").Select(a => a.TextContent).ToList();
}
