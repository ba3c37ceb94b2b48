using Jarvis.Core.Customers;
using Jarvis.Core.Security;

namespace Jarvis.Core.Tests;

/// <summary>The parent-customer chain 3134 -> 3140 -> 3141: who sees which part of it, and which parent link.</summary>
public sealed class ParentChainTests(DemoDatabaseFixture fixture) : IClassFixture<DemoDatabaseFixture>
{
    private static readonly JarvisUser SwiftAgent = new(80, "swift-agent", UserType.Acs, 3140, ["AcsPermissionLevel6"]);
    private static readonly JarvisUser HarbourUser = new(81, "harbour-user", UserType.Acs, 3141, ["AcsPermissionLevel1"]);

    [Theory]
    [InlineData("rapidity", 3134L, null, null)]
    [InlineData("rapidity", 3140L, 3134L, "Rapidity Inc")]
    [InlineData("rapidity", 3141L, 3140L, "Swift Couriers Ltd")]
    [InlineData("rapidity-view", 3134L, null, null)]
    [InlineData("rapidity-view", 3140L, 3134L, "Rapidity Inc")]
    [InlineData("rapidity-view", 3141L, 3140L, "Swift Couriers Ltd")]
    [InlineData("su", 3134L, null, null)]
    [InlineData("su", 3140L, 3134L, "Rapidity Inc")]
    [InlineData("su", 3141L, 3140L, "Swift Couriers Ltd")]
    [InlineData("auditor", 3141L, 3140L, "Swift Couriers Ltd")]
    [InlineData("su", 1551L, null, null)]
    public async Task Get_ShowsTheParentLinkOnlyWhenThereIsAVisibleParent(string user, long id, long? parentId, string? parentName)
    {
        var details = await fixture.Db.ServiceAs(user).GetAsync(id);

        Assert.NotNull(details);
        Assert.Equal(parentId, details.ParentId);
        Assert.Equal(parentName, details.ParentName);
    }

    [Fact]
    public async Task Get_AcsUserOfAMiddleCustomer_SeesTheirCustomerWithoutItsParentNameOrId()
    {
        var service = fixture.Db.ServiceAs(SwiftAgent);

        var own = await service.GetAsync(3140);

        Assert.NotNull(own);
        Assert.Null(own.ParentId);
        Assert.Null(own.ParentName);
        Assert.True(own.CanChange);
    }

    [Fact]
    public async Task Get_AcsUserOfAMiddleCustomer_SeesTheChildWithTheirOwnCustomerAsParent()
    {
        var child = await fixture.Db.ServiceAs(SwiftAgent).GetAsync(3141);

        Assert.NotNull(child);
        Assert.Equal(3140, child.ParentId);
        Assert.Equal("Swift Couriers Ltd", child.ParentName);
    }

    [Fact]
    public async Task Search_AcsUserOfAMiddleCustomer_NeverFindsTheCustomerAboveIt()
    {
        var service = fixture.Db.ServiceAs(SwiftAgent);

        Assert.Equal([3141L, 3140L], await service.SearchAsync(new CustomerQuery(null)).Select(c => c.Id).ToListAsync());
        Assert.Empty(await service.SearchAsync(new CustomerQuery("Rapidity")).ToListAsync());
        Assert.Empty(await service.SearchAsync(new CustomerQuery("0800134123")).ToListAsync());
        Assert.Null(await service.GetAsync(3134));
        Assert.Equal(new UpdateResult.Refused("You may not change customer 3134."), await service.UpdateAsync(3134, new CustomerChange("X", null)));
    }

    [Fact]
    public async Task Search_AcsUserOfALeafCustomer_SeesOnlyThatCustomerWithoutParentLink()
    {
        var service = fixture.Db.ServiceAs(HarbourUser);

        Assert.Equal([3141L], await service.SearchAsync(new CustomerQuery(null)).Select(c => c.Id).ToListAsync());
        var own = await service.GetAsync(3141);
        Assert.NotNull(own);
        Assert.Null(own.ParentId);
        Assert.Null(own.ParentName);
        Assert.False(own.CanChange);
    }

    [Fact]
    public async Task Search_CycleInTheParentChain_EndsAndReturnsEachCustomerOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("UPDATE ACS_CUSTOMER SET PARENT_CUSTOMER_ID = 3141 WHERE ID = 3134");

        var ids = await db.ServiceAs("rapidity").SearchAsync(new CustomerQuery(null)).Select(c => c.Id).ToListAsync();

        Assert.Equal([3141L, 3134L, 3140L], ids);
        Assert.Equal(3141, (await db.ServiceAs("rapidity").GetAsync(3134))!.ParentId);
    }

    [Fact]
    public async Task Search_ACustomerMovedUnderTheTree_BecomesVisibleWithoutAnyCache()
    {
        await using var db = await TestDatabase.CreateAsync();
        Assert.Null(await db.ServiceAs("rapidity").GetAsync(2001));

        await db.ExecuteAsync("UPDATE ACS_CUSTOMER SET PARENT_CUSTOMER_ID = 3141 WHERE ID = 2001");

        Assert.Equal(3141, (await db.ServiceAs("rapidity").GetAsync(2001))!.ParentId);
        Assert.Equal(4, await db.ServiceAs("rapidity").CountAsync(null));
    }
}
