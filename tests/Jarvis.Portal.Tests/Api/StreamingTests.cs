using System.Net;
using System.Text.Json;
using Jarvis.Portal.Api;
using Microsoft.Extensions.Logging;

namespace Jarvis.Portal.Tests.Api;

/// <summary>
/// GET /api/customer streams (API.md section 4): the first customers reach the client while the server is still
/// reading rows, and a client that stops reading stops the query.
/// </summary>
public sealed class StreamingTests
{
    private const int ExtraCustomers = 50_000;

    [Fact]
    public async Task Search_LargeResult_ArrivesAsAStreamBeforeTheServerHasReadEveryRow()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var visible = (long)portal.Database.Scalar("SELECT COUNT(*) FROM ACS_CUSTOMER")!;
        AddCustomers(portal.Database, ExtraCustomers);

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/customer");
        request.Headers.Add("Cookie", $"N2FE_CGISESSID={sid}");
        using var response = await portal.Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();

        var count = 0;
        await foreach (var customer in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body))
        {
            if (count++ == 0)
            {
                Assert.Equal(JsonValueKind.String, customer.GetProperty("id").ValueKind);
                // The server has not finished: it writes as it reads, held back by the unread response.
                Assert.DoesNotContain(portal.Factory.Logs.Entries, IsStreamEnd);
            }
        }

        Assert.Equal(visible + ExtraCustomers, count);
        var end = await portal.Factory.Logs.WaitForAsync(IsStreamEnd);
        Assert.Contains($"streamed {visible + ExtraCustomers} rows", end.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ClientStopsReading_ServerStopsTheQueryEarly()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        AddCustomers(portal.Database, ExtraCustomers);

        var request = new HttpRequestMessage(HttpMethod.Get, "/jarvis-agent/n2fe/api/customer");
        request.Headers.Add("Cookie", $"N2FE_CGISESSID={sid}");
        using (var response = await portal.Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var first = new byte[1024];
            Assert.True(await body.ReadAsync(first) > 0);
        }

        var end = await portal.Factory.Logs.WaitForAsync(IsStreamEnd);
        var rows = int.Parse(end.Message.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(rows, 1, ExtraCustomers / 2);
    }

    private static bool IsStreamEnd(LogEntry e) =>
        e.Category == typeof(CustomerApi).FullName && e.Level == LogLevel.Debug && e.Message.StartsWith("Customer search streamed", StringComparison.Ordinal);

    /// <summary>Plain generated customers with one service number each; names that no other test searches for.</summary>
    internal static void AddCustomers(DatabaseFile database, int count)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        using var customer = connection.CreateCommand();
        customer.CommandText = "INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES ($id, $name)";
        var id = customer.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
        var name = customer.Parameters.Add("$name", Microsoft.Data.Sqlite.SqliteType.Text);
        using var sn = connection.CreateCommand();
        sn.CommandText = "INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) VALUES ($id, $sn)";
        var snId = sn.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
        var number = sn.Parameters.Add("$sn", Microsoft.Data.Sqlite.SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            id.Value = snId.Value = 1_000_000 + i;
            name.Value = $"Bulk Trading {i:D6} Limited";
            number.Value = $"0900{i:D7}";
            customer.ExecuteNonQuery();
            sn.ExecuteNonQuery();
        }

        tx.Commit();
    }
}
