using System.Net;
using Jarvis.Portal.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Jarvis.Portal.Tests.Api;

/// <summary>
/// A database error that is no outage (here a table gone from the schema) is not called "unavailable": it is logged
/// with its code and answers 502 with the envelope, never a 500.
/// </summary>
public sealed class DatabaseFaultTests
{
    [Fact]
    public async Task Search_TableMissingFromTheSchema_Returns502WithItsOwnMessage_AndLogsTheCode()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        portal.Database.Execute("DROP TABLE ACS_CUSTOMER_SN");

        var (status, json) = await portal.Client.GetJsonAsync("/api/customer?name=rapi", sid);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Json.Equal(Json.Refusal(DatabaseOutage.FaultApiMessage, "su", Json.SuGroups), json);
        var logged = await portal.Factory.Logs.WaitForAsync(e => e.Category == typeof(JarvisExceptionHandler).FullName && e.Level == LogLevel.Error);
        Assert.Contains("SQLITE (1/1)", logged.Message);
    }
}
