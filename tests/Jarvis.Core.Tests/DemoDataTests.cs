using System.Security.Cryptography;
using System.Text;
using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Security;

namespace Jarvis.Core.Tests;

/// <summary>The demo database of DEMO-DATA.md: fixed rows exactly as written, generated rows deterministic and clean.</summary>
public sealed class DemoDataTests(DemoDatabaseFixture fixture) : IClassFixture<DemoDatabaseFixture>
{
    /// <summary>
    /// SHA-256 of the 250 generated customers as <see cref="Canonical"/> writes them. The same on every machine and run;
    /// change it only together with a deliberate change of the generator (tests and screenshots depend on the rows).
    /// </summary>
    private const string GeneratedFingerprint = "57bb898132e1c89aaedd4dd2e8b2c3c0139c08667822ce19d7eecd5cb654ef5d";

    [Fact]
    public async Task Seed_FixedCustomers_AreExactlyTheRowsOfDemoDataMd()
    {
        var expected = new[]
        {
            new CustomerRow(3134, "Rapidity Inc", "430184/A", null, null),
            new CustomerRow(1551, "Rapidity Locators Inc", "118822/C", "Locator services", null),
            new CustomerRow(3140, "Swift Couriers Ltd", null, null, 3134),
            new CustomerRow(3141, "Harbour Freight Co", null, null, 3140),
            new CustomerRow(2001, "100% Kiwi Ltd", "KIWI-1", null, null),
            new CustomerRow(2002, "Under_score Holdings", null, null, null),
            new CustomerRow(2003, "Ñandú Café", null, "Unicode name", null),
        };

        foreach (var row in expected)
        {
            Assert.Equal(row, await fixture.Db.ReadRowAsync(row.Id));
        }

        Assert.Equal(expected.Length, (await fixture.Db.AllCustomerIdsAsync()).Count(id => id < DemoData.FirstGeneratedId));
    }

    [Theory]
    [InlineData(3134L, new[] { "0800134123" })]
    [InlineData(1551L, new[] { "0800555132", "08005551232" })]
    [InlineData(3140L, new[] { "0800777001" })]
    [InlineData(3141L, new string[0])]
    [InlineData(2001L, new[] { "0508100100" })]
    [InlineData(2002L, new[] { "0900123000" })]
    [InlineData(2003L, new[] { "0800626300" })]
    public async Task Seed_FixedCustomers_HaveExactlyTheirServiceNumbers(long id, string[] numbers)
    {
        await using var connection = await fixture.Db.Database.OpenAsync();
        var stored = await connection.QueryAsync<string>("SELECT SN FROM ACS_CUSTOMER_SN WHERE CUSTOMER_ID = :id ORDER BY SN", new { id });

        Assert.Equal(numbers.Order(StringComparer.Ordinal), stored);
    }

    [Theory]
    [InlineData("su", "SMF", null, "ACS_BOSS,CCS Superuser")]
    [InlineData("auditor", "SMF", null, "ACS_BOSS_READ")]
    [InlineData("rapidity", "ACS", 3134L, "AcsPermissionLevel6")]
    [InlineData("rapidity-view", "ACS", 3134L, "AcsPermissionLevel1")]
    [InlineData("operator", "SMF", null, "ACS_READ")]
    [InlineData("guest", "SMF", null, "CCS Operator")]
    public async Task Seed_Users_AreExactlyTheRowsOfDemoDataMdWithSaltedHashesOfTheirDemoPassword(
        string username, string type, long? customerId, string groupList)
    {
        await using var connection = await fixture.Db.Database.OpenAsync();
        var user = await connection.QuerySingleAsync<(long Id, string Type, long? CustomerId, string Hash, long Locked)>(
            "SELECT ID, USER_TYPE, CUSTOMER_ID, PASSWORD_HASH, LOCKED FROM JARVIS_USER WHERE USERNAME = :username", new { username });
        var groups = await connection.QueryAsync<string>(
            "SELECT GROUP_NAME FROM JARVIS_USER_GROUP WHERE USER_ID = :id ORDER BY GROUP_NAME", new { id = user.Id });

        Assert.Equal((type, customerId, 0L), (user.Type, user.CustomerId, user.Locked));
        Assert.Equal(groupList, string.Join(",", groups));
        Assert.True(PasswordHasher.Verify(username + "-demo", user.Hash));
        Assert.DoesNotContain(username + "-demo", user.Hash);
        Assert.Equal(6, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM JARVIS_USER"));
    }

    [Fact]
    public async Task Seed_GeneratedCustomers_AreTheGeneratorsRows()
    {
        var generated = DemoData.GenerateCustomers(DemoData.GeneratedCustomerCount).ToList();

        var ids = (await fixture.Db.AllCustomerIdsAsync()).Where(id => id >= DemoData.FirstGeneratedId).ToList();

        Assert.Equal(generated.Select(c => c.Id), ids);
        foreach (var c in generated.Take(20))
        {
            Assert.Equal(new CustomerRow(c.Id, c.Name, null, null, null), await fixture.Db.ReadRowAsync(c.Id));
        }
    }

    [Fact]
    public async Task Seed_OnADatabaseThatHasCustomers_AddsNothing()
    {
        var before = await fixture.Db.SnapshotAsync();

        Assert.False(await DemoData.SeedIfEmptyAsync(fixture.Db.Database));
        Assert.Equal(before, await fixture.Db.SnapshotAsync());
    }

    [Fact]
    public void Generate_AtLeast200CustomersWithConsecutiveIdsFrom10000()
    {
        var generated = DemoData.GenerateCustomers(DemoData.GeneratedCustomerCount).ToList();

        Assert.True(generated.Count >= 200);
        Assert.Equal(Enumerable.Range(10000, generated.Count).Select(i => (long)i), generated.Select(c => c.Id));
    }

    [Fact]
    public void Generate_IsDeterministic_TheSameRowsOnEveryRunAndMachine()
    {
        var first = Canonical(DemoData.GenerateCustomers(DemoData.GeneratedCustomerCount));
        var second = Canonical(DemoData.GenerateCustomers(DemoData.GeneratedCustomerCount));

        Assert.Equal(first, second);
        Assert.Equal(GeneratedFingerprint, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(first))));
    }

    [Fact]
    public void Generate_ASmallerCount_IsAPrefixOfALargerOne()
    {
        Assert.Equal(
            Canonical(DemoData.GenerateCustomers(DemoData.GeneratedCustomerCount)),
            Canonical(DemoData.GenerateCustomers(5000).Take(DemoData.GeneratedCustomerCount)));
    }

    [Fact]
    public void Generate_RowsHaveOneToFourUniqueFreephoneOrPremiumNumbersAndUniqueNames()
    {
        var generated = DemoData.GenerateCustomers(DemoData.GeneratedCustomerCount).ToList();
        var allNumbers = generated.SelectMany(c => c.ServiceNumbers).Concat(DemoData.FixedCustomers.SelectMany(c => c.ServiceNumbers)).ToList();

        Assert.All(generated, c =>
        {
            Assert.InRange(c.ServiceNumbers.Length, 1, 4);
            Assert.All(c.ServiceNumbers, n => Assert.Matches("^(0800|0508|0900)[0-9]{6}$", n));
            Assert.Null(c.Reference);
            Assert.Null(c.Description);
            Assert.Null(c.ParentId);
        });
        Assert.Equal(allNumbers.Count, allNumbers.Distinct().Count());
        Assert.Equal(generated.Count, generated.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(new[] { "0800", "0508", "0900" }.Order(), generated.SelectMany(c => c.ServiceNumbers).Select(n => n[..4]).Distinct().Order());
    }

    [Fact]
    public void Generate_NoNameOrNumberContainsAReservedTerm()
    {
        string[] reserved = ["rapi", "swift", "harbour", "kiwi", "under_score", "ñandú", "134123", "555132", "777001", "626300", "%", "_"];

        foreach (var c in DemoData.GenerateCustomers(DemoData.GeneratedCustomerCount))
        {
            foreach (var text in c.ServiceNumbers.Append(c.Name))
            {
                Assert.DoesNotContain(reserved, t => text.Contains(t, StringComparison.OrdinalIgnoreCase)
                    || TextFolding.Fold(text).Contains(TextFolding.Fold(t), StringComparison.Ordinal));
            }
        }
    }

    [Theory]
    [InlineData("rapi", new[] { 3134L, 1551L })]
    [InlineData("swift", new[] { 3140L })]
    [InlineData("harbour", new[] { 3141L })]
    [InlineData("kiwi", new[] { 2001L })]
    [InlineData("under_score", new[] { 2002L })]
    [InlineData("ñandú", new[] { 2003L })]
    [InlineData("134123", new[] { 3134L })]
    [InlineData("555132", new[] { 1551L })]
    [InlineData("777001", new[] { 3140L })]
    [InlineData("626300", new[] { 2003L })]
    [InlineData("%", new[] { 2001L })]
    [InlineData("_", new[] { 2002L })]
    public async Task Search_EachReservedTerm_FindsOnlyItsFixedRows(string term, long[] expected)
    {
        var ids = await fixture.Db.ServiceAs("su").SearchAsync(new CustomerQuery(term)).Select(c => c.Id).ToListAsync();

        Assert.Equal(expected, ids);
    }

    private static string Canonical(IEnumerable<DemoData.DemoCustomer> customers) =>
        string.Join("\n", customers.Select(c => $"{c.Id}|{c.Name}|{string.Join(",", c.ServiceNumbers)}|{c.Reference}|{c.Description}|{c.ParentId}"));
}
