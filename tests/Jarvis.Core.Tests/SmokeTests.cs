using Jarvis.Core.Customers;

namespace Jarvis.Core.Tests;

public sealed class CustomerSearchExampleTests
{
    [Fact]
    public async Task Search_RapiAsSu_ReturnsTheTwoCustomersOfTheSpecExample()
    {
        await using var db = await TestDatabase.CreateAsync();
        var rows = await db.ServiceAs("su").SearchAsync(new CustomerQuery("rapi")).ToListAsync();
        Assert.Equal(
            [new CustomerSummary(3134, "Rapidity Inc", "0800134123", "430184/A"),
             new CustomerSummary(1551, "Rapidity Locators Inc", "0800555132, 08005551232", "118822/C")],
            rows);
    }

    [Fact]
    public async Task Search_AllAsRapidity_ReturnsOwnSubtreeOnly()
    {
        await using var db = await TestDatabase.CreateAsync();
        var ids = await db.ServiceAs("rapidity").SearchAsync(new CustomerQuery(null)).Select(c => c.Id).ToListAsync();
        Assert.Equal([3141, 3134, 3140], ids);
    }
}
