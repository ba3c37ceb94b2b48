using Jarvis.Core.Customers;
using Jarvis.Core.Data;

namespace Jarvis.Core.Tests;

/// <summary>Search semantics of API.md section 4 (GET /api/customer) against the demo data, as su.</summary>
public sealed class CustomerSearchTests(DemoDatabaseFixture fixture) : IClassFixture<DemoDatabaseFixture>
{
    private CustomerService Su => fixture.Db.ServiceAs("su");

    [Theory]
    [InlineData("rapi")]
    [InlineData("RAPI")]
    [InlineData("RaPiDiTy")]
    [InlineData("  rapidity  ")]
    public async Task Search_IsCaseInsensitiveOnNames(string term)
    {
        Assert.Equal([3134L, 1551L], await IdsAsync(term));
    }

    [Theory]
    [InlineData("ÑANDÚ")]
    [InlineData("ñandú")]
    [InlineData("Ñandú")]
    [InlineData("N\u0303andu\u0301")] // the same letters, decomposed (NFD)
    [InlineData("CAFÉ")]
    [InlineData("ñandú café")]
    public async Task Search_FoldsUnicodeCase(string term)
    {
        Assert.Equal([2003L], await IdsAsync(term));
    }

    [Theory]
    [InlineData("0800555132")]
    [InlineData("555132")]
    [InlineData("0800 555-132")]
    [InlineData("(0800) 555.132")]
    [InlineData("[0800] 555 132")]
    [InlineData("08005551232")]
    [InlineData("0800-555-1232")]
    public async Task Search_ServiceNumberIgnoringSpacesDashesDotsAndBrackets_FindsRapidityLocators(string term)
    {
        Assert.Equal([1551L], await IdsAsync(term));
    }

    [Theory]
    [InlineData("100%", new[] { 2001L })]
    [InlineData("%", new[] { 2001L })]
    [InlineData("0%K", new long[0])]
    [InlineData("_", new[] { 2002L })]
    [InlineData("under_score", new[] { 2002L })]
    [InlineData("Under%", new long[0])]
    [InlineData("r_pidity", new long[0])]
    [InlineData("\\", new long[0])]
    [InlineData("\\%", new long[0])]
    [InlineData("'", new long[0])]
    [InlineData("' OR 1=1 --", new long[0])]
    [InlineData("\u0000", new long[0])]
    [InlineData("Rapidity\u0000", new long[0])]
    [InlineData("0800555132\u0000", new long[0])]
    public async Task Search_PercentUnderscoreAndBackslashAreLiteralCharacters(string term, long[] expected)
    {
        Assert.Equal(expected, await IdsAsync(term));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task Search_AbsentOrBlankTerm_ReturnsEveryVisibleCustomer(string? term)
    {
        var all = await fixture.Db.AllCustomerIdsAsync();

        Assert.Equal(all, (await IdsAsync(term)).Order());
        Assert.Equal(all.Count, await Su.CountAsync(term));
    }

    [Fact]
    public async Task Search_ReturnsTheExampleOfTheSpecWithServiceNumbersInItsOrder()
    {
        var rows = await Su.SearchAsync(new CustomerQuery("rapi")).ToListAsync();

        Assert.Equal(
            [new CustomerSummary(3134, "Rapidity Inc", "0800134123", "430184/A"),
             new CustomerSummary(1551, "Rapidity Locators Inc", "0800555132, 08005551232", "118822/C")],
            rows);
    }

    [Fact]
    public async Task Search_CustomerWithoutServiceNumbers_HasAnEmptyList()
    {
        var row = Assert.Single(await Su.SearchAsync(new CustomerQuery("harbour")).ToListAsync());

        Assert.Equal(new CustomerSummary(3141, "Harbour Freight Co", "", null), row);
    }

    [Fact]
    public async Task Search_GeneratedCustomers_ListTheirServiceNumbersShortestThenAscendingJoinedByCommaSpace()
    {
        var expected = DemoData.GenerateCustomers(DemoData.GeneratedCustomerCount)
            .ToDictionary(c => c.Id, c => string.Join(", ", c.ServiceNumbers.OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)));

        var rows = await Su.SearchAsync(new CustomerQuery(null)).Where(r => r.Id >= DemoData.FirstGeneratedId).ToListAsync();

        Assert.Equal(expected.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(expected[r.Id], r.ServiceNumbers));
    }

    [Fact]
    public async Task Get_ListsServiceNumbersInTheSameOrderAsSearch()
    {
        var details = await Su.GetAsync(1551);

        Assert.Equal(["0800555132", "08005551232"], details!.ServiceNumbers);
        Assert.Equal(new CustomerDetails(1551, "Rapidity Locators Inc", ["0800555132", "08005551232"], "118822/C", "Locator services", null, null, true) with
        {
            ServiceNumbers = details.ServiceNumbers,
        }, details);
    }

    [Fact]
    public async Task Search_OrdersByNameCaseInsensitivelyThenId()
    {
        var rows = await Su.SearchAsync(new CustomerQuery(null)).ToListAsync();

        var expected = rows.OrderBy(r => TextFolding.Fold(r.Name), StringComparer.Ordinal).ThenBy(r => r.Id).Select(r => r.Id);
        Assert.Equal(expected, rows.Select(r => r.Id));
        Assert.Equal([2001L, 3141L, 3134L, 1551L], rows.Where(r => r.Id < DemoData.FirstGeneratedId).Select(r => r.Id).Take(4));
    }

    [Fact]
    public async Task Search_NamesDifferingOnlyInCase_SortTogetherThenById()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false);
        await db.ExecuteAsync("""
            INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES (5, 'banana co'), (4, 'BANANA CO'), (3, 'Apple'), (2, 'cherry'), (1, 'Äpfel')
            """);
        var su = db.ServiceAs("su");

        Assert.Equal([3L, 4L, 5L, 2L, 1L], await su.SearchAsync(new CustomerQuery(null)).Select(r => r.Id).ToListAsync());
        Assert.Equal([1L, 2L, 5L, 4L, 3L],
            await su.SearchAsync(new CustomerQuery(null, Sort: CustomerSort.NameDescending)).Select(r => r.Id).ToListAsync());
    }

    [Fact]
    public async Task Search_SortByReference_PutsCustomersWithoutReferenceLastInBothDirections()
    {
        var ascending = await Su.SearchAsync(new CustomerQuery(null, Sort: CustomerSort.ReferenceAscending)).ToListAsync();
        var descending = await Su.SearchAsync(new CustomerQuery(null, Sort: CustomerSort.ReferenceDescending)).ToListAsync();

        Assert.Equal([1551L, 3134L, 2001L], ascending.Take(3).Select(r => r.Id));
        Assert.Equal([2001L, 3134L, 1551L], descending.Take(3).Select(r => r.Id));
        var withoutReference = ascending.Skip(3).ToList();
        Assert.All(withoutReference, r => Assert.Null(r.Reference));
        Assert.Equal(
            withoutReference.OrderBy(r => TextFolding.Fold(r.Name), StringComparer.Ordinal).ThenBy(r => r.Id).Select(r => r.Id),
            withoutReference.Select(r => r.Id));
        Assert.Equal(withoutReference, descending.Skip(3).ToList());
    }

    [Fact]
    public async Task Search_NameDescending_IsTheExactReverseOfNameAscending()
    {
        var ascending = await Su.SearchAsync(new CustomerQuery(null)).Select(r => r.Id).ToListAsync();
        var descending = await Su.SearchAsync(new CustomerQuery(null, Sort: CustomerSort.NameDescending)).Select(r => r.Id).ToListAsync();

        Assert.Equal(ascending.AsEnumerable().Reverse(), descending);
    }

    [Theory]
    [InlineData(0L, 25L)]
    [InlineData(25L, 25L)]
    [InlineData(250L, 25L)]
    [InlineData(3L, 1L)]
    [InlineData(0L, 0L)]
    [InlineData(1000L, 25L)]
    [InlineData(100L, null)]
    public async Task Search_Page_IsTheMatchingSliceOfTheFullOrder(long offset, long? limit)
    {
        var all = await IdsAsync(null);

        var page = await Su.SearchAsync(new CustomerQuery(null, offset, limit)).Select(r => r.Id).ToListAsync();

        Assert.Equal(all.Skip((int)offset).Take((int)(limit ?? int.MaxValue)), page);
    }

    [Fact]
    public async Task Search_PageWithATermAndSort_IsTheMatchingSliceOfThatSearch()
    {
        var all = await Su.SearchAsync(new CustomerQuery("0800", Sort: CustomerSort.NameDescending)).Select(r => r.Id).ToListAsync();

        var page = await Su.SearchAsync(new CustomerQuery("0800", 10, 5, CustomerSort.NameDescending)).Select(r => r.Id).ToListAsync();

        Assert.True(all.Count > 15);
        Assert.Equal(all.Skip(10).Take(5), page);
    }

    [Theory]
    [InlineData(-1L, null)]
    [InlineData(0L, -1L)]
    [InlineData(-5L, 10L)]
    public async Task Search_NegativeOffsetOrLimit_IsRejected(long offset, long? limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await Su.SearchAsync(new CustomerQuery(null, offset, limit)).ToListAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("rapi")]
    [InlineData("inc")]
    [InlineData("0800 1")]
    [InlineData("0508")]
    [InlineData("%")]
    [InlineData("zzqx")]
    public async Task Count_MatchesTheNumberOfRowsSearchReturns(string? term)
    {
        foreach (var user in new[] { "su", "auditor", "rapidity", "rapidity-view", "operator" })
        {
            var service = fixture.Db.ServiceAs(user);
            Assert.Equal(await service.SearchAsync(new CustomerQuery(term)).CountAsync(), await service.CountAsync(term));
        }
    }

    [Fact]
    public async Task Search_Cancelled_StopsWithOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var rows = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Su.SearchAsync(new CustomerQuery(null), cancel.Token))
            {
                if (++rows == 10)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.Equal(10, rows);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-3134L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public async Task Get_IdThatCannotExist_ReturnsNull(long id)
    {
        Assert.Null(await Su.GetAsync(id));
        Assert.Null(await fixture.Db.ServiceAs("rapidity").GetAsync(id));
    }

    private async Task<List<long>> IdsAsync(string? term) =>
        await Su.SearchAsync(new CustomerQuery(term)).Select(r => r.Id).ToListAsync();
}
