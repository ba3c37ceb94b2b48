using System.Net;
using System.Text;
using System.Text.Json;
using Jarvis.Testing;

namespace Jarvis.Portal.Tests.Api;

/// <summary>API.md section 7, "CSV export": GET {base}/api/customer.csv.</summary>
public sealed class CustomerCsvApiTests
{
    public static TheoryData<string> Bases => ["", "/jarvis-agent/n2fe"];

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task Csv_SpecTermRapi_IsTheSearchAsAnAttachmentWithTheHeaderRow(string basePath)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        using var response = await portal.Client.GetAsync($"{basePath}/api/customer.csv?name=rapi", sid);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment; filename=\"customers.csv\"", string.Join(",", response.Content.Headers.GetValues("Content-Disposition")));
        Assert.Equal(
            "id,name,customer_sns,customer_reference\r\n" +
            "3134,Rapidity Inc,0800134123,430184/A\r\n" +
            "1551,Rapidity Locators Inc,\"0800555132, 08005551232\",118822/C\r\n",
            body);
    }

    [Theory]
    [InlineData("su", "")]
    [InlineData("auditor", "")]
    [InlineData("rapidity", "")]
    [InlineData("rapidity-view", "?name=swift")]
    [InlineData("operator", "")]
    [InlineData("su", "?name=0800%20555-132")]
    [InlineData("su", "?name=%C3%B1AND%C3%9A")]
    [InlineData("su", "?name=l&page_start=3&page_limit=5")]
    [InlineData("su", "?name=nothing-matches-this")]
    public async Task Csv_HasTheSameRowsInTheSameOrderAsTheJsonSearch(string user, string query)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync(user);

        var (_, json) = await portal.Client.GetJsonAsync($"/api/customer{query}", sid);
        using var response = await portal.Client.GetAsync($"/api/customer.csv{query}", sid);
        var records = Csv.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(["id", "name", "customer_sns", "customer_reference"], records[0]);
        var expected = json.AsArray().Select(c => new[] { c!["id"]!.GetValue<string>(), c["name"]!.GetValue<string>(), c["customer_sns"]!.GetValue<string>() });
        Assert.Equal(expected, records.Skip(1).Select(r => r[..3]));
        foreach (var record in records.Skip(1))
        {
            var (_, customer) = await portal.Client.GetJsonAsync($"/api/customer/{record[0]}", sid);
            Assert.Equal(customer["customer_reference"]?.GetValue<string>() ?? "", record[3]);
        }
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+31 20", "\"'+31 20\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("A,\"B\"", "\"A,\"\"B\"\"\"")]
    [InlineData("plain = text", "plain = text")]
    public async Task Csv_ReferenceCells_AreQuotedAsRfc4180AndFormulasPrefixed(string reference, string cell)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        await portal.Client.PutAsync("/api/customer/3134", sid, JsonSerializer.Serialize(new Dictionary<string, string> { ["customer_reference"] = reference }));

        using var response = await portal.Client.GetAsync("/api/customer.csv?name=Rapidity%20Inc", sid);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");

        Assert.Equal($"3134,Rapidity Inc,0800134123,{cell}", lines[1]);
        Assert.Equal(reference.StartsWith('=') || reference.StartsWith('+') || reference.StartsWith('-') || reference.StartsWith('@') ? "'" + reference : reference,
            Csv.Parse(string.Join("\r\n", lines))[1][3]);
    }

    [Theory]
    [InlineData("\tTabbed Ltd", "'\tTabbed Ltd")]
    [InlineData("\rReturn Ltd", "'\rReturn Ltd")]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    public async Task Csv_NamesThatStartLikeAFormula_ArePrefixed(string name, string cell)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        using (var connection = portal.Database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE ACS_CUSTOMER SET NAME = $name WHERE ID = 2002";
            command.Parameters.AddWithValue("$name", name);
            command.ExecuteNonQuery();
        }

        using var response = await portal.Client.GetAsync("/api/customer.csv?name=0900123000", sid);
        var records = Csv.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(["2002", cell, "0900123000", ""], records[1]);
    }

    [Theory]
    [InlineData("", "page_start=-1", "page_start must be a non-negative whole number.")]
    [InlineData("/jarvis-agent/n2fe", "page_limit=1.5", "page_limit must be a non-negative whole number.")]
    [InlineData("", "name=a&name=b", "Give each query parameter at most once.")]
    public async Task Csv_BadParameter_IsTheJsonRefusalNotAFile(string basePath, string query, string message)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        using var response = await portal.Client.GetAsync($"{basePath}/api/customer.csv?{query}", sid);
        Assert.False(response.Content.Headers.Contains("Content-Disposition"));
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Json.Equal(Json.Refusal(message, "su", Json.SuGroups), json);
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public async Task Csv_WithoutASession_Is401Json(string basePath)
    {
        await using var portal = FreshPortal.Start();

        var (status, json) = await ApiClient.ReadAsync(await portal.Client.GetAsync($"{basePath}/api/customer.csv", null));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Login required.", json["error_string"]!.GetValue<string>());
    }

    [Fact]
    public async Task Csv_LargeResult_ArrivesAsAStreamBeforeTheServerHasReadEveryRow()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var before = (long)portal.Database.Scalar("SELECT COUNT(*) FROM ACS_CUSTOMER")!;
        portal.Database.Execute("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
            INSERT INTO ACS_CUSTOMER (ID, NAME) SELECT 100000 + i, 'Bulk customer ' || i FROM n
            """);

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/customer.csv");
        request.Headers.Add("Cookie", $"N2FE_CGISESSID={sid}");
        using var response = await portal.Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);

        Assert.Equal("id,name,customer_sns,customer_reference", await reader.ReadLineAsync());
        Assert.DoesNotContain(portal.Factory.Logs.Entries, IsExportEnd);
        var rows = 0;
        while (await reader.ReadLineAsync() is not null)
        {
            rows++;
        }

        Assert.Equal(before + 50000, rows);
        var end = await portal.Factory.Logs.WaitForAsync(IsExportEnd);
        Assert.Contains($"streamed {before + 50000} rows", end.Message, StringComparison.Ordinal);
    }

    private static bool IsExportEnd(LogEntry entry) => entry.Message.StartsWith("Customer CSV export streamed", StringComparison.Ordinal);
}
