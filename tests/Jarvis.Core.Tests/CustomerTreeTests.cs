using Jarvis.Core.Customers;
using Jarvis.Core.Security;

namespace Jarvis.Core.Tests;

/// <summary>The customer tree (3134 -> 3140 -> 3141): the parent chain and the direct children, as each user may see them.</summary>
public sealed class CustomerTreeTests(DemoDatabaseFixture fixture) : IClassFixture<DemoDatabaseFixture>
{
    private static readonly JarvisUser SwiftAgent = new(80, "swift-agent", UserType.Acs, 3140, ["AcsPermissionLevel6"]);

    [Theory]
    [InlineData("su", 3134L, "")]
    [InlineData("su", 3140L, "3134")]
    [InlineData("su", 3141L, "3134,3140")]
    [InlineData("su", 1551L, "")]
    [InlineData("auditor", 3141L, "3134,3140")]
    [InlineData("rapidity", 3134L, "")]
    [InlineData("rapidity", 3140L, "3134")]
    [InlineData("rapidity", 3141L, "3134,3140")]
    [InlineData("rapidity-view", 3141L, "3134,3140")]
    public async Task ParentChain_IsTopFirstUpToTheParent(string user, long id, string chain)
    {
        var links = await fixture.Db.ServiceAs(user).GetParentChainAsync(id);

        Assert.NotNull(links);
        Assert.Equal(chain, string.Join(",", links.Select(l => l.Id)));
    }

    [Fact]
    public async Task ParentChain_NamesEachLink()
    {
        var links = await fixture.Db.ServiceAs("su").GetParentChainAsync(3141);

        Assert.Equal([new CustomerLink(3134, "Rapidity Inc"), new CustomerLink(3140, "Swift Couriers Ltd")], links);
    }

    [Theory]
    [InlineData("operator", 3141L)]
    [InlineData(null, 3141L)]
    [InlineData("rapidity", 1551L)]
    [InlineData("rapidity-view", 2001L)]
    [InlineData("su", 999999L)]
    public async Task ParentChainAndChildren_OfACustomerTheUserMayNotSee_AreNull(string? user, long id)
    {
        Assert.Null(await fixture.Db.ServiceAs(user).GetParentChainAsync(id));
        Assert.Null(await fixture.Db.ServiceAs(user).GetChildrenAsync(id));
    }

    [Fact]
    public async Task ParentChain_AcsUserOfAMiddleCustomer_StopsAtTheirOwnCustomer()
    {
        var service = fixture.Db.ServiceAs(SwiftAgent);

        Assert.Equal([new CustomerLink(3140, "Swift Couriers Ltd")], await service.GetParentChainAsync(3141));
        Assert.Empty((await service.GetParentChainAsync(3140))!);
        Assert.Null(await service.GetParentChainAsync(3134));
    }

    [Theory]
    [InlineData("su", 3134L, "3140")]
    [InlineData("su", 3140L, "3141")]
    [InlineData("su", 3141L, "")]
    [InlineData("su", 1551L, "")]
    [InlineData("auditor", 3134L, "3140")]
    [InlineData("rapidity", 3134L, "3140")]
    [InlineData("rapidity", 3140L, "3141")]
    [InlineData("rapidity-view", 3134L, "3140")]
    [InlineData("rapidity-view", 3141L, "")]
    public async Task Children_AreTheDirectChildrenTheUserMaySee(string user, long id, string children)
    {
        var page = await fixture.Db.ServiceAs(user).GetChildrenAsync(id);

        Assert.NotNull(page);
        Assert.Equal(children, string.Join(",", page.Items.Select(l => l.Id)));
        Assert.Equal(page.Items.Count, page.Total);
    }

    [Fact]
    public async Task Children_ArePagedByNameWithTheTotal()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("UPDATE ACS_CUSTOMER SET PARENT_CUSTOMER_ID = 3140 WHERE ID IN (2001, 2002, 2003)");
        var service = db.ServiceAs("rapidity");

        var all = await service.GetChildrenAsync(3140);
        var page = await service.GetChildrenAsync(3140, offset: 1, limit: 2);

        // The same order as the search: folded names, compared as the database compares them.
        Assert.Equal(["100% Kiwi Ltd", "Harbour Freight Co", "Under_score Holdings", "Ñandú Café"], all!.Items.Select(l => l.Name));
        Assert.Equal(["Harbour Freight Co", "Under_score Holdings"], page!.Items.Select(l => l.Name));
        Assert.Equal(4, page.Total);
    }

    [Fact]
    public async Task ParentChain_CycleInTheData_EndsWithEachCustomerOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("UPDATE ACS_CUSTOMER SET PARENT_CUSTOMER_ID = 3141 WHERE ID = 3134");

        var links = await db.ServiceAs("su").GetParentChainAsync(3141);

        Assert.Equal([3134L, 3140L], links!.Select(l => l.Id));
    }
}
