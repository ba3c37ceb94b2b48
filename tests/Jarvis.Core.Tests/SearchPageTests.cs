using Jarvis.Core.Customers;

namespace Jarvis.Core.Tests;

/// <summary>
/// <see cref="CustomerService.SearchPageAsync"/>, the portal's count and page in one call, answers exactly what the
/// count up to the display limit and the paged search answer, on both sides of the limit, for every order and scope.
/// </summary>
public sealed class SearchPageTests
{
    [Theory]
    [InlineData("su")]
    [InlineData("rapidity")]
    public async Task SearchPage_AroundTheDisplayLimit_IsTheCountAndThePageOfTheSearch(string username)
    {
        await using var db = await TestDatabase.CreateAsync();
        // Below Rapidity Inc (3134), so that its ACS user sees them: 1,000 "Kilo Member" customers and one "Kilo Extra",
        // named so that name order differs from ID order, each with a number.
        await db.ExecuteAsync("""
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
            INSERT INTO ACS_CUSTOMER (ID, NAME, PARENT_CUSTOMER_ID)
            SELECT 20000 + i, CASE i % 2 WHEN 0 THEN 'Kilo Member ' ELSE 'KILO MEMBER ' END || ((i * 7919) % 1000), 3134 FROM n;
            INSERT INTO ACS_CUSTOMER (ID, NAME, PARENT_CUSTOMER_ID) VALUES (21001, 'Kilo Extra', 3134);
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)
            INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) SELECT 20000 + i, '09001' || printf('%05d', i) FROM n;
            """);
        var service = db.ServiceAs(username);
        var expectedTotals = new Dictionary<string, long>
        {
            ["kilo member"] = 1_000,
            ["kilo"] = CustomerService.CountDisplayLimit + 1,
            ["kilo member 99"] = 11,
            ["0900 100"] = 999,
            ["0900 100 05"] = 10,
            ["no such customer"] = 0,
        };

        foreach (var (term, expectedTotal) in expectedTotals)
        {
            foreach (var sort in Enum.GetValues<CustomerSort>())
            {
                foreach (var offset in new long[] { 0, 25, 975, 1_000 })
                {
                    var query = new CustomerQuery(term, offset, 25, sort);

                    var page = await service.SearchPageAsync(query);

                    Assert.Equal(expectedTotal, page.Total);
                    Assert.Equal(await service.CountUpToLimitAsync(term), page.Total);
                    Assert.Equal(await service.SearchAsync(query).ToListAsync(), page.Items);
                }
            }
        }
    }

    [Fact]
    public async Task SearchPage_FindsWhatTheSearchFinds_ForShortTermsAndNumbers()
    {
        await using var db = await TestDatabase.CreateAsync();
        var su = db.ServiceAs("su");

        foreach (var term in new[] { "", "o", "co", "inc", "0800", "0800 777 001", "ñandú", "%", "_" })
        {
            var query = new CustomerQuery(term, 0, 25);

            var page = await su.SearchPageAsync(query);

            Assert.Equal(await su.CountUpToLimitAsync(term), page.Total);
            Assert.Equal(await su.SearchAsync(query).ToListAsync(), page.Items);
        }
    }

    [Fact]
    public async Task SearchPage_WithoutALimit_OrWithANegativeOffset_Throws()
    {
        await using var db = await TestDatabase.CreateAsync();
        var su = db.ServiceAs("su");

        await Assert.ThrowsAsync<ArgumentException>(() => su.SearchPageAsync(new CustomerQuery("co")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => su.SearchPageAsync(new CustomerQuery("co", -1, 25)));
    }
}
