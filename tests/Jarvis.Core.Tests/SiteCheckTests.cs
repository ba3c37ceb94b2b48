using Jarvis.Core.Data;

namespace Jarvis.Core.Tests;

/// <summary>The checks behind <c>doctor</c>, on the embedded database: they read the catalogue and change nothing.</summary>
public sealed class SiteCheckTests
{
    [Fact]
    public async Task SiteCheck_DemoDatabase_PassesEveryCheck()
    {
        await using var db = await TestDatabase.CreateAsync();

        var report = await new SiteCheck(db.Database).RunAsync();

        Assert.All(report.Checks, c => Assert.True(c.Passed, $"{c.Check}: {c.Detail}"));
        Assert.Contains(report.Checks, c => c.Check == "column ACS_CUSTOMER.CUSTOMER_REFERENCE");
        Assert.Contains(report.Checks, c => c.Check == "unique ACS_CUSTOMER.CUSTOMER_REFERENCE");
        Assert.Contains(report.Checks, c => c.Check == "table JARVIS_SESSION");
        Assert.Equal(8 + 32 + 1, report.Checks.Count); // 8 tables, 32 columns of docs/SCHEMA.md, 1 unique index
        Assert.Empty(report.Plans); // EXPLAIN PLAN is Oracle's
    }

    [Fact]
    public async Task SiteCheck_ColumnDropped_NamesItAndFails()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("ALTER TABLE ACS_CUSTOMER DROP COLUMN DESCRIPTION");

        var report = await new SiteCheck(db.Database).RunAsync();

        Assert.False(report.AllPassed);
        var failed = Assert.Single(report.Checks, c => !c.Passed);
        Assert.Equal(("column ACS_CUSTOMER.DESCRIPTION", "missing"), (failed.Check, failed.Detail));
    }

    [Fact]
    public async Task SiteCheck_ReferenceNotUnique_AndATableMissing_Fail()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false);
        await db.ExecuteAsync("""
            DROP TABLE ACS_CUSTOMER_SN;
            CREATE TABLE ACS_CUSTOMER_COPY AS SELECT * FROM ACS_CUSTOMER;
            PRAGMA foreign_keys = OFF;
            DROP TABLE ACS_CUSTOMER;
            ALTER TABLE ACS_CUSTOMER_COPY RENAME TO ACS_CUSTOMER;
            """);

        var report = await new SiteCheck(db.Database).RunAsync();

        Assert.Equal(
            ["table ACS_CUSTOMER_SN", "unique ACS_CUSTOMER.CUSTOMER_REFERENCE"],
            report.Checks.Where(c => !c.Passed).Select(c => c.Check).Order());
    }

    [Fact]
    public async Task SiteCheck_SqliteFileMissing_FailsWithoutCreatingIt()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false);
        await db.DisposeAsync();

        var report = await new SiteCheck(db.Database).RunAsync();

        Assert.False(report.AllPassed);
        Assert.Contains("does not exist", Assert.Single(report.Checks).Detail);
        Assert.False(File.Exists(db.FilePath));
    }
}
