using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Tests;

/// <summary>
/// However a page is found (a bounded walk of the first customers in name order, the matches sorted, a walk with the
/// index's candidates, the reference order walked from its index), it is the slice of the full order (API.md section 4):
/// on 30,000 customers whose words lie at the start, spread, and in clusters at the end of the name order.
/// </summary>
public sealed class SearchPlanTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private List<(long Id, string Name, string? Reference)> _rows = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(seedDemoData: false);
        // "mix" in every fifth name (6,000, also among the first); "yak" in 22,000 names sorting near the end; "zulu" in
        // the last 6,000; "noref" in 5,000 without a reference. References on a third, some in lower case; two alike but
        // for case.
        await _db.ExecuteAsync("""
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
            INSERT INTO ACS_CUSTOMER (ID, NAME, CUSTOMER_REFERENCE)
            SELECT i,
                   CASE WHEN i <= 6000 THEN 'Zulu Farms ' WHEN i <= 28000 THEN 'Yak Herders ' ELSE 'Ant Colony ' END
                   || CASE WHEN i % 5 = 0 THEN 'Mix ' ELSE '' END || ((i * 7919) % 30011)
                   || CASE WHEN i % 3 <> 0 AND i % 4 = 1 THEN ' Noref' ELSE '' END,
                   CASE WHEN i % 3 <> 0 THEN NULL
                        WHEN i % 7 = 0 THEN printf('r%05d', (i * 7919) % 30011)
                        ELSE printf('R%05d', (i * 7919) % 30011) END
            FROM n;
            INSERT INTO ACS_CUSTOMER (ID, NAME, CUSTOMER_REFERENCE) VALUES (30001, 'Tie Corp B', 'TIE-1'), (30002, 'Tie Corp A', 'tie-1');
            """);
        await new SearchIndexUpkeep(_db.Database).FoldPendingAsync();
        await using var connection = new SqliteConnection(_db.DatabaseOptions.ConnectionString);
        _rows = [.. await connection.QueryAsync<(long, string, string?)>("SELECT ID, NAME, CUSTOMER_REFERENCE FROM ACS_CUSTOMER")];
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("mix", 0L, false)]
    [InlineData("mix", 25L, false)]
    [InlineData("mix", 975L, false)]
    [InlineData("zulu", 0L, false)]
    [InlineData("zulu", 975L, false)]
    [InlineData("yak", 0L, false)]
    [InlineData("yak", 25L, false)]
    [InlineData("yak", 975L, false)]
    [InlineData("ant", 0L, false)]
    [InlineData("mix", 0L, true)]
    [InlineData("mix", 25L, true)]
    [InlineData("mix", 500L, true)]
    [InlineData("zulu", 0L, true)]
    [InlineData("noref", 0L, true)]
    [InlineData("noref", 25L, true)]
    public async Task EveryPlan_GivesTheSliceOfTheFullOrder(string term, long offset, bool byReference)
    {
        CustomerSort[] sorts = byReference
            ? [CustomerSort.ReferenceAscending, CustomerSort.ReferenceDescending]
            : [CustomerSort.NameAscending, CustomerSort.NameDescending];
        foreach (var sort in sorts)
        {
            var expected = Expected(term, sort).Skip((int)offset).Take(25).ToList();

            // As the API asks (nothing counted before), then as the portal does (its count first, then the page).
            var asked = await _db.ServiceAs("su").SearchAsync(new CustomerQuery(term, offset, 25, sort)).Select(r => r.Id).ToListAsync();
            var listed = await _db.ServiceAs("su").SearchPageAsync(new CustomerQuery(term, offset, 25, sort));

            Assert.Equal(expected, asked);
            Assert.Equal(expected, listed.Items.Select(r => r.Id));
            Assert.Equal(CustomerService.CountDisplayLimit + 1, listed.Total);
        }
    }

    [Theory]
    [InlineData(CustomerSort.ReferenceAscending)]
    [InlineData(CustomerSort.ReferenceDescending)]
    public async Task ReferenceOrder_WalkedPages_AreSlicesOfTheSortedWhole(CustomerSort sort)
    {
        var expected = Expected(null, sort);

        var whole = await _db.ServiceAs("su").SearchAsync(new CustomerQuery(null, Sort: sort)).Select(r => r.Id).ToListAsync();
        Assert.Equal(expected, whole);
        foreach (var offset in new long[] { 0, 25, 975, 9_990, 10_010, 29_990 })
        {
            var page = await _db.ServiceAs("su").SearchAsync(new CustomerQuery(null, offset, 25, sort)).Select(r => r.Id).ToListAsync();
            Assert.Equal(expected.Skip((int)offset).Take(25), page);
        }

        // Those without a reference come last in both directions, by name A to Z; references alike but for case, by name.
        Assert.Equal([30002L, 30001L], whole.Where(id => id > 30_000));
        Assert.All(whole.Skip(_rows.Count(r => r.Reference is not null)), id => Assert.Null(_rows.Single(r => r.Id == id).Reference));
    }

    private List<long> Expected(string? term, CustomerSort sort)
    {
        var matches = _rows.Where(r => term is null || r.Name.Contains(term, StringComparison.OrdinalIgnoreCase)).ToList();
        static string Key(string? text) => text?.ToUpperInvariant() ?? "";
        IEnumerable<(long Id, string Name, string? Reference)> ordered = sort switch
        {
            CustomerSort.NameDescending => matches.OrderByDescending(r => Key(r.Name), StringComparer.Ordinal).ThenByDescending(r => r.Id),
            CustomerSort.ReferenceAscending => matches.OrderBy(r => r.Reference is null).ThenBy(r => Key(r.Reference), StringComparer.Ordinal)
                .ThenBy(r => Key(r.Name), StringComparer.Ordinal).ThenBy(r => r.Id),
            CustomerSort.ReferenceDescending => matches.OrderBy(r => r.Reference is null).ThenByDescending(r => Key(r.Reference), StringComparer.Ordinal)
                .ThenBy(r => Key(r.Name), StringComparer.Ordinal).ThenBy(r => r.Id),
            _ => matches.OrderBy(r => Key(r.Name), StringComparer.Ordinal).ThenBy(r => r.Id),
        };
        return [.. ordered.Select(r => r.Id)];
    }
}
