using System.Diagnostics;
using System.Text.RegularExpressions;
using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Tests;

/// <summary>
/// The search index of the embedded database: kept by SQLite's own triggers (rows written by other programs are found at
/// once), built at start for an existing database, and never changing what a search finds or in which order.
/// </summary>
public sealed partial class SearchIndexTests
{
    private static readonly JarvisUser Su = TestDatabase.UserOf("su");

    [Fact]
    public async Task RowsWrittenWithPlainSql_AreFoundAndNoLongerFound_AtOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var su = db.ServiceAs("su");

        await PlainSqlAsync(db, """
            INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES (7001, 'Quetzal Importers');
            INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) VALUES (7001, '0800987654');
            """);
        Assert.Equal([7001L], await IdsAsync(su, "quetzal"));
        Assert.Equal([7001L], await IdsAsync(su, "0800 987 654"));

        await PlainSqlAsync(db, "UPDATE ACS_CUSTOMER SET NAME = 'Xylophone Repairs' WHERE ID = 7001;");
        Assert.Empty(await IdsAsync(su, "quetzal"));
        Assert.Equal([7001L], await IdsAsync(su, "XYLOPHONE"));

        await PlainSqlAsync(db, "UPDATE ACS_CUSTOMER_SN SET SN = '0800111999' WHERE CUSTOMER_ID = 7001;");
        Assert.Empty(await IdsAsync(su, "987654"));
        Assert.Equal([7001L], await IdsAsync(su, "111999"));

        await PlainSqlAsync(db, """
            DELETE FROM ACS_CUSTOMER_SN WHERE CUSTOMER_ID = 7001;
            DELETE FROM ACS_CUSTOMER WHERE ID = 7001;
            """);
        Assert.Empty(await IdsAsync(su, "xylophone"));
        Assert.Empty(await IdsAsync(su, "111999"));
        Assert.Equal(0, await su.CountAsync("xylophone"));
    }

    [Fact]
    public async Task InsertOrReplace_WithPlainSql_LeavesNoStaleOrDuplicateMatch()
    {
        await using var db = await TestDatabase.CreateAsync();
        var su = db.ServiceAs("su");

        await PlainSqlAsync(db, """
            INSERT OR REPLACE INTO ACS_CUSTOMER (ID, NAME) VALUES (3141, 'Quayside Freight Co');
            INSERT OR REPLACE INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) VALUES (3141, '0800134123');
            """);

        Assert.Empty(await IdsAsync(su, "harbour"));
        Assert.Equal([3141L], await IdsAsync(su, "quayside"));
        Assert.Equal([3141L], await IdsAsync(su, "134123"));
        Assert.Equal(1, await su.CountAsync("134123"));
    }

    [Fact]
    public async Task ExistingDatabaseWithoutTheIndex_GetsItBuiltAtStart()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false);
        await using (var raw = RawConnection(db))
        {
            await raw.ExecuteAsync("""
                DROP TRIGGER JARVIS_NAME_PENDING_AI; DROP TRIGGER JARVIS_NAME_PENDING_AU; DROP TRIGGER JARVIS_NAME_PENDING_AD;
                DROP TRIGGER JARVIS_SN_PENDING_AI; DROP TRIGGER JARVIS_SN_PENDING_AU; DROP TRIGGER JARVIS_SN_PENDING_AD;
                DROP TABLE JARVIS_NAME_PENDING; DROP TABLE JARVIS_SN_PENDING;
                DROP TABLE JARVIS_NAME_SEARCH; DROP TABLE JARVIS_SN_SEARCH; DROP INDEX ACS_CUSTOMER_NAME_ORDER_IX;
                INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES (1, 'Older Orchard Ltd'), (2, 'Ñandú Older');
                INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) VALUES (1, '0800246810');
                """);
        }

        await new SchemaInitializer(db.Database, Options.Create(db.DatabaseOptions), NullLogger<SchemaInitializer>.Instance).InitializeAsync();

        var su = db.ServiceAs("su");
        Assert.Equal([1L], await IdsAsync(su, "orchard"));
        Assert.Equal([2L], await IdsAsync(su, "ÑANDÚ"));
        Assert.Equal([1L], await IdsAsync(su, "246 810"));
        Assert.Equal([1L, 2L], await IdsAsync(su, "older"));
    }

    [Theory]
    [InlineData("n")]
    [InlineData("ñ")]
    [InlineData("Ú")]
    [InlineData("dú")]
    [InlineData("ú c")]
    [InlineData("é")]
    [InlineData("8")]
    [InlineData("80")]
    [InlineData("0-8")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\\")]
    [InlineData("in")]
    [InlineData("inc")]
    [InlineData("RAPIDITY INC")]
    [InlineData("ñandú")]
    [InlineData("08005551232")]
    [InlineData("\"")]
    [InlineData("a\"b")]
    [InlineData("NEAR(a b)")]
    [InlineData("x OR y")]
    [InlineData("*")]
    [InlineData("0800555")]
    [InlineData("0800 555")]
    public async Task Search_OneTwoAndMoreCharacters_FindsExactlyTheRowsThatContainTheTerm(string term)
    {
        await using var db = await TestDatabase.CreateAsync();
        // 8006 matches "0800555" by its name and by its number: it is found and counted once.
        await db.ExecuteAsync("""
            INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES (8001, 'Quote "a"b Co'), (8002, 'Starry * Ltd'), (8003, 'NEAR(a b) Holdings'),
                (8004, 'x OR y Partners'), (8005, 'Back\Slash Ltd'), (8006, 'Call 0800555 Ltd');
            INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) VALUES (8006, '0800555999');
            """);
        var su = db.ServiceAs("su");

        var expected = await ExpectedAsync(db, term, subtreeOf: null);

        Assert.Equal(expected, await IdsAsync(su, term));
        Assert.Equal(expected.Count, await su.CountAsync(term));
        Assert.Equal(expected.Count, await su.CountUpToLimitAsync(term));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("o")]
    [InlineData("co")]
    [InlineData("cou")]
    [InlineData("0800")]
    [InlineData("777 001")]
    public async Task Search_AcsUser_FindsOnlyMatchesInTheirSubtreeInNameOrder(string? term)
    {
        await using var db = await TestDatabase.CreateAsync();
        // 3134 -> 3140 -> 3141 in the demo data; hang 30 generated customers below 3141 and 3140.
        await db.ExecuteAsync("UPDATE ACS_CUSTOMER SET PARENT_CUSTOMER_ID = CASE WHEN ID % 2 = 0 THEN 3141 ELSE 3140 END WHERE ID BETWEEN 10000 AND 10029");
        var rapidity = db.ServiceAs("rapidity");

        var expected = await ExpectedAsync(db, term, subtreeOf: 3134);

        Assert.Equal(expected, await IdsAsync(rapidity, term));
        Assert.Equal(expected.Count, await rapidity.CountAsync(term));
        Assert.Equal(expected.Skip(2).Take(3),
            await rapidity.SearchAsync(new CustomerQuery(term, 2, 3)).Select(r => r.Id).ToListAsync());
    }

    [Theory]
    [InlineData("common", 0L, 25L)]
    [InlineData("common", 25L, 25L)]
    [InlineData("common", 990L, 10L)]
    [InlineData("common", 5990L, 25L)]
    [InlineData("mmo", 4000L, null)]
    [InlineData("co", 0L, 25L)]
    [InlineData("0800 55", 0L, 25L)]
    [InlineData(null, 10L, 25L)]
    public async Task Search_ManyMatches_PagesInBothDirectionsAreSlicesOfTheFullOrder(string? term, long offset, long? limit)
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false);
        // Over SearchPlanner.WalkFromCandidates matches, in names that differ in case and sort apart from their IDs.
        await db.ExecuteAsync("""
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6200)
            INSERT INTO ACS_CUSTOMER (ID, NAME)
            SELECT i, CASE i % 3 WHEN 0 THEN 'COMMON Traders ' WHEN 1 THEN 'common traders ' ELSE 'Common_Traders ' END || ((i * 7919) % 6200)
            FROM n;
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6200)
            INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) SELECT i, '08005' || printf('%05d', i) FROM n;
            """);
        var su = db.ServiceAs("su");

        foreach (var sort in new[] { CustomerSort.NameAscending, CustomerSort.NameDescending })
        {
            var all = await su.SearchAsync(new CustomerQuery(term, Sort: sort)).Select(r => r.Id).ToListAsync();
            var expected = await ExpectedAsync(db, term, subtreeOf: null);
            Assert.Equal(sort == CustomerSort.NameAscending ? expected : Enumerable.Reverse(expected), all);

            var page = await su.SearchAsync(new CustomerQuery(term, offset, limit, sort)).ToListAsync();
            Assert.Equal(all.Skip((int)offset).Take((int)(limit ?? int.MaxValue)), page.Select(r => r.Id));
            Assert.All(page, r => Assert.Equal($"08005{r.Id:D5}", r.ServiceNumbers));

            // As the portal asks: the count (stopping past the display limit) first, which then chooses how the page is found.
            Assert.Equal(Math.Min(expected.Count, CustomerService.CountDisplayLimit + 1), await su.CountUpToLimitAsync(term));
            var afterCount = await su.SearchAsync(new CustomerQuery(term, offset, limit, sort)).Select(r => r.Id).ToListAsync();
            Assert.Equal(page.Select(r => r.Id), afterCount);
        }
    }

    [Fact]
    public async Task Search_CustomerWith500Numbers_ListsEveryOne()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("""
            INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES (9001, 'Many Numbers Ltd');
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
            INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) SELECT 9001, '0900' || printf('%07d', i) FROM n;
            """);
        var expected = string.Join(", ", Enumerable.Range(1, 500).Select(i => $"0900{i:D7}"));

        var row = Assert.Single(await db.ServiceAs("su").SearchAsync(new CustomerQuery("many numbers", 0, 25)).ToListAsync());
        var details = await db.ServiceAs("su").GetAsync(9001);

        Assert.Equal(expected, row.ServiceNumbers);
        Assert.Equal(500, details!.ServiceNumbers.Count);
    }

    [Fact]
    public async Task Get_AcsUser_ReadsTheCustomerAndItsNumbersInOneStatement()
    {
        await using var db = await TestDatabase.CreateAsync();

        var details = await db.ServiceAs("rapidity").GetAsync(3140);

        Assert.Equal(new CustomerDetails(3140, "Swift Couriers Ltd", details!.ServiceNumbers, null, null, 3134, "Rapidity Inc", true), details);
        Assert.Equal(["0800777001"], details.ServiceNumbers);
        Assert.Null(await db.ServiceAs("rapidity").GetAsync(1551));
    }

    /// <summary>
    /// ODP.NET binds by name: a bound name the statement does not use is ORA-01036, a used name left unbound ORA-01008.
    /// Every search and count statement of every shape, on both dialects, binds exactly the names it uses.
    /// </summary>
    [Fact]
    public void EveryShape_BindsExactlyTheNamesItsStatementUses()
    {
        var scopes = new[] { new AccessScope(true, null, true), new AccessScope(false, 3134, true) };
        var terms = new[] { null, "ab", "abc", "a-b", "0800 555", "12 ab", "--" };
        foreach (var dialect in new ISqlDialect[] { new SqliteDialect(), new OracleDialect() })
        {
            var sql = new CustomerSql(dialect);
            foreach (var (scope, term, sort, walk, paged) in
                     from scope in scopes from term in terms from sort in Enum.GetValues<CustomerSort>()
                     from walk in new[] { false, true } from paged in new[] { false, true }
                     select (scope, term, sort, walk, paged))
            {
                var t = SearchTerms.Of(term, dialect);
                var shape = new SearchShape(!scope.SeeAll, t.Name, t.Number, sort, walk, paged);
                var bound = t.Bind(scope).ParameterNames.ToHashSet();
                Assert.Equal(bound.Order(), BindNames(sql.Count(shape)));
                Assert.Equal(bound.Concat(paged ? ["offset", "limit"] : []).Order(), BindNames(sql.Search(shape)));
                Assert.Equal(bound.Concat(["offset", "limit"]).Order(), BindNames(sql.SearchCounted(shape, 1_001)));
                if (dialect.Index is not null && t.Name == MatchPart.Index)
                {
                    Assert.Equal(t.BindKeys().ParameterNames.Order(), BindNames(sql.EstimateCandidates(t.Name, t.Number, 10)));
                }
            }

            Assert.Equal(["id"], BindNames(sql.GetById(subtree: false)));
            Assert.Equal(["id", "root_id"], BindNames(sql.GetById(subtree: true)));
        }
    }

    [Fact]
    public void Oracle_NumberListCannotOverflow()
    {
        Assert.Contains("ON OVERFLOW TRUNCATE", new OracleDialect().ServiceNumberList("c"), StringComparison.Ordinal);
    }

    private static IEnumerable<string> BindNames(string sql) =>
        BindName().Matches(StringLiteral().Replace(sql, "''")).Select(m => m.Groups[1].Value).Distinct().Order();

    [GeneratedRegex(@"(?<![:\w]):([a-z_]+)")]
    private static partial Regex BindName();

    [GeneratedRegex("'[^']*'")]
    private static partial Regex StringLiteral();

    private static async Task<List<long>> IdsAsync(CustomerService service, string? term) =>
        await service.SearchAsync(new CustomerQuery(term)).Select(r => r.Id).ToListAsync();

    /// <summary>
    /// What a search must return, computed in C# from every row: the folded name contains the folded term, or a number
    /// contains the term without its punctuation; in the order (ASCII upper case, full folding, ID).
    /// </summary>
    private static async Task<List<long>> ExpectedAsync(TestDatabase db, string? term, long? subtreeOf)
    {
        await using var connection = RawConnection(db);
        var customers = (await connection.QueryAsync<(long Id, string Name, long? Parent)>(
            "SELECT ID, NAME, PARENT_CUSTOMER_ID FROM ACS_CUSTOMER")).ToList();
        var numbers = (await connection.QueryAsync<(long CustomerId, string Sn)>("SELECT CUSTOMER_ID, SN FROM ACS_CUSTOMER_SN"))
            .ToLookup(n => n.CustomerId, n => n.Sn);
        var visible = customers.Select(c => c.Id).ToHashSet();
        if (subtreeOf is { } root)
        {
            visible = [root];
            for (var added = true; added;)
            {
                added = false;
                foreach (var c in customers.Where(c => c.Parent is { } p && visible.Contains(p)))
                {
                    added |= visible.Add(c.Id);
                }
            }
        }

        var blank = string.IsNullOrWhiteSpace(term);
        var name = blank ? "" : TextFolding.Fold(term!.Trim());
        var digits = blank ? "" : TextFolding.Fold(TextFolding.ServiceNumberTerm(term!));
        return customers
            .Where(c => visible.Contains(c.Id))
            .Where(c => blank || TextFolding.Fold(c.Name).Contains(name, StringComparison.Ordinal)
                || (digits.Length > 0 && numbers[c.Id].Any(sn => sn.Contains(digits, StringComparison.Ordinal))))
            .OrderBy(c => AsciiUpper(c.Name), StringComparer.Ordinal).ThenBy(c => TextFolding.Fold(c.Name), StringComparer.Ordinal).ThenBy(c => c.Id)
            .Select(c => c.Id)
            .ToList();
    }

    private static string AsciiUpper(string s) => string.Concat(s.Select(ch => ch is >= 'a' and <= 'z' ? (char)(ch - 32) : ch));

    /// <summary>A connection without Jarvis's JARVIS_FOLD function, as any other program opens the file.</summary>
    private static SqliteConnection RawConnection(TestDatabase db)
    {
        var connection = new SqliteConnection(db.DatabaseOptions.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> as another program would: Debian's stock sqlite3 tool when it is installed (3.40.1 here),
    /// else a plain connection without Jarvis's function.
    /// </summary>
    private static async Task PlainSqlAsync(TestDatabase db, string sql)
    {
        if (File.Exists("/usr/bin/sqlite3"))
        {
            SqliteConnection.ClearAllPools();
            var start = new ProcessStartInfo("/usr/bin/sqlite3") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-bail");
            start.ArgumentList.Add(db.FilePath);
            using var tool = Process.Start(start)!;
            await tool.StandardInput.WriteAsync(sql);
            tool.StandardInput.Close();
            var error = await tool.StandardError.ReadToEndAsync();
            await tool.WaitForExitAsync();
            Assert.True(tool.ExitCode == 0, $"sqlite3 failed: {error}");
            return;
        }

        await using var connection = RawConnection(db);
        await connection.ExecuteAsync(sql);
    }
}
