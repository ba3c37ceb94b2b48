using Jarvis.Portal.Commands;
using Jarvis.Testing;

namespace Jarvis.Portal.Tests.Commands;

/// <summary><c>doctor</c> as a site runs it: the portal's executable with the portal's configuration.</summary>
public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Doctor_DemoDatabase_PrintsEveryCheckPassedAndExits0()
    {
        await using var db = await TestDatabase.CreateAsync();

        var (exit, output, _) = await RunAsync(db, "doctor");

        Assert.Equal(PortalCommands.Done, exit);
        Assert.Contains("PASS  column ACS_CUSTOMER.CUSTOMER_REFERENCE", output);
        Assert.Contains("PASS  unique ACS_CUSTOMER.CUSTOMER_REFERENCE", output);
        Assert.DoesNotContain("FAIL", output);
        Assert.EndsWith("All 41 checks passed.", output.TrimEnd());
    }

    [Fact]
    public async Task Doctor_ColumnDropped_NamesItAndExitsNonZero_ChangingNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("ALTER TABLE ACS_CUSTOMER DROP COLUMN DESCRIPTION");
        var before = await db.AllCustomerIdsAsync();

        var (exit, output, _) = await RunAsync(db, "doctor");

        Assert.Equal(PortalCommands.Refused, exit);
        Assert.Contains("FAIL  column ACS_CUSTOMER.DESCRIPTION: missing", output);
        Assert.EndsWith("1 of 41 checks failed.", output.TrimEnd());
        Assert.Equal(before, await db.AllCustomerIdsAsync());
    }

    [Fact]
    public async Task Doctor_WithArguments_PrintsUsage()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false);

        var (exit, _, error) = await RunAsync(db, "doctor", "--fix");

        Assert.Equal(PortalCommands.Usage, exit);
        Assert.Contains(DoctorCommand.UsageText, error);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(TestDatabase db, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PortalCommands.RunAsync(args, new CommandConsole(TextReader.Null, output, error, interactive: false),
            builder => builder.Configuration["ConnectionStrings:Jarvis"] = db.DatabaseOptions.ConnectionString);
        return (exit, output.ToString(), error.ToString());
    }
}
