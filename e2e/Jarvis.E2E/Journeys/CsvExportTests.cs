using System.Globalization;
using System.Text;
using System.Text.Json;
using Jarvis.E2E.Infrastructure;
using Jarvis.Testing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// "Export CSV" on the customers page downloads the current search as the logged-in user sees it (API.md section 7):
/// the same rows, order and access as <c>GET /api/customer</c>, RFC 4180, formula cells neutralised.
/// </summary>
public sealed class CsvExportTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    [Fact]
    public Task Rapidity_SearchesCo_ExportsCsv_AndTheFileHoldsTheMatchesOfItsSubtreeOnly_WithFormulasNeutralised() => JourneyAsync(async () =>
    {
        // References a spreadsheet would run as formulas, stored as an operator could (a quote inside, to be doubled).
        await using (var su = await OpenApiAsync())
        {
            await su.LogInAsync("su");
            await su.PutCustomerAsync(3140, "=HYPERLINK(\"http://x\")", null);
            await su.PutCustomerAsync(3141, "@SUM(A1)", null);
            // "co" matches many more customers for su than for rapidity: the export below must hold rapidity's only.
            Assert.True((await su.SearchCustomersAsync("co")).Count > 2, "su should see more customers matching \"co\" than rapidity.");
        }

        var (browser, customers) = await LogInAsync("rapidity");
        await customers.SearchAsync("co");
        await customers.ExpectCustomersAsync("Harbour Freight Co", "Swift Couriers Ltd");
        await Expect(customers.ExportCsv).ToHaveAttributeAsync("href", "api/customer.csv?name=co");

        var download = await browser.Page.RunAndWaitForDownloadAsync(() => customers.ExportCsv.ClickAsync());
        Assert.Equal("customers.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "The CSV starts with a byte order mark.");
        var text = new UTF8Encoding(false, true).GetString(bytes);

        // Every row of the API's answer for the same user and term, in its order, each cell as the API has it (the
        // reference from the customer itself: the search's JSON has none), except that a cell a spreadsheet would run
        // starts with an apostrophe.
        await using var api = JarvisApi.ForBrowser(browser);
        List<string[]> expected = [["id", "name", "customer_sns", "customer_reference"]];
        foreach (var row in await api.SearchCustomerRowsAsync("co"))
        {
            var id = row.GetProperty("id").GetString()!;
            var customer = await api.GetCustomerAsync(long.Parse(id, CultureInfo.InvariantCulture));
            expected.Add([id, row.GetProperty("name").GetString()!, row.GetProperty("customer_sns").GetString()!,
                Neutralised(customer.GetProperty("customer_reference"))]);
        }

        Assert.Equal(expected, Csv.Parse(text));
        Assert.Equal(
            [
                "id,name,customer_sns,customer_reference",
                "3141,Harbour Freight Co,,\"'@SUM(A1)\"",
                "3140,Swift Couriers Ltd,0800777001,\"'=HYPERLINK(\"\"http://x\"\")\"",
                "",
            ],
            text.Split("\r\n"));
    });

    private static string Neutralised(JsonElement reference)
    {
        var value = reference.GetString() ?? "";
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }
}
