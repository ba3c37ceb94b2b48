using System.Net;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Operations;

/// <summary>/metrics: Prometheus text with ASP.NET Core, runtime and Jarvis's own instruments, only for configured addresses.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_FromLoopbackAfterALoginASearchAndAnUpdate_ListJarvisAspNetCoreAndRuntimeInstruments()
    {
        await using var portal = FreshPortal.Start(RemoteAddress.Of("127.0.0.1"));
        var sid = await portal.Client.LoginAsync("su");
        using (var search = await portal.Client.GetAsync("/api/customer?name=rapi", sid))
        {
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            await search.Content.ReadAsStringAsync();
        }

        var (updated, _) = await portal.Client.PutAsync("/api/customer/3134", sid, """{"customer_reference":"M-1"}""");
        Assert.Equal(HttpStatusCode.OK, updated);

        var (status, text) = await ScrapeAsync(portal);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("""(?m)^jarvis_logins_total\{[^}]*outcome="success"[^}]*\} [1-9]""", text);
        Assert.Matches("""(?m)^jarvis_customer_search_duration_seconds_count\{[^}]*\} [1-9]""", text);
        Assert.Matches("""(?m)^jarvis_customer_search_duration_seconds_bucket\{[^}]*le="0.1"[^}]*\} """, text);
        Assert.Matches("""(?m)^jarvis_customer_updates_total\{[^}]*outcome="updated"[^}]*\} [1-9]""", text);
        Assert.Matches("""(?m)^http_server_request_duration_seconds_count\{""", text);
        Assert.Matches("""(?m)^dotnet_""", text);
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("::ffff:192.168.0.9")]
    public async Task Metrics_FromAnAddressNotConfigured_Is404(string address)
    {
        await using var portal = FreshPortal.Start(RemoteAddress.Of(address));

        var (status, text) = await ScrapeAsync(portal);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.DoesNotContain("jarvis_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithANetworkConfigured_AnswerThatNetworkAndRefuseLoopback()
    {
        var settings = new Dictionary<string, string?> { ["Jarvis:Operations:MetricsAllowedFrom:0"] = "10.1.2.0/24" };
        await using var inside = FreshPortal.Start(RemoteAddress.Of("10.1.2.3"), settings);
        await using var loopback = FreshPortal.Start(RemoteAddress.Of("127.0.0.1"), settings);

        Assert.Equal(HttpStatusCode.OK, (await ScrapeAsync(inside)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(loopback)).Status);
    }

    private static async Task<(HttpStatusCode Status, string Text)> ScrapeAsync(FreshPortal portal)
    {
        using var response = await portal.Client.GetAsync("/metrics", sid: null);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
