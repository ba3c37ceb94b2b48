using Bunit;
using Jarvis.Core.Customers;
using Jarvis.Portal.Components.Pages.Customers;
using Jarvis.Portal.Components.Shared;

namespace Jarvis.Portal.Tests.Components;

/// <summary>The History panel of the customer page: newest first, paged, old and new values readable, times in the browser's zone.</summary>
public sealed class CustomerHistoryPanelTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task History_ShowsTheNewestTenFirstWithThePagerCount_AndTheNextPage()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        BrowserZone(host, "UTC");
        var su = host.ServiceAs("su");
        for (var i = 1; i <= 12; i++)
        {
            await su.UpdateAsync(3134, new CustomerChange($"REF-{i:00}", null), ChangeChannel.Portal);
        }

        var panel = host.Context.Render<CustomerHistoryPanel>(p => p.Add(x => x.CustomerId, 3134));

        panel.WaitForAssertion(() => Assert.Equal(10, NewValues(panel).Count), Wait);
        Assert.Equal(["REF-12", "REF-11", "REF-10"], NewValues(panel).Take(3));
        Assert.Equal(["REF-11", "REF-10", "REF-09"], panel.FindAll("td.jarvis-history-old").Take(3).Select(td => td.TextContent.Trim()));
        // The rows and the pager's total can arrive in separate renders (the reads run off the circuit).
        panel.WaitForAssertion(() => Assert.Contains("1–10 of 12", panel.Markup), Wait);
        Assert.All(panel.FindAll("td.jarvis-history-who"), td => Assert.Equal("su", td.TextContent.Trim()));

        await panel.Find("button[aria-label='Next page']").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Equal(["REF-02", "REF-01"], NewValues(panel)), Wait);
        Assert.Equal(["REF-01", "430184/A"], panel.FindAll("td.jarvis-history-old").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task History_NullValuesReadAsNoValue_AndFieldsByTheirLabel()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        BrowserZone(host, "UTC");
        await host.ServiceAs("su").UpdateAsync(1551, new CustomerChange("118822/C", null), ChangeChannel.Api);

        var panel = host.Context.Render<CustomerHistoryPanel>(p => p.Add(x => x.CustomerId, 1551));

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("td.jarvis-history-new")), Wait);
        Assert.Equal("Locator services", panel.Find("td.jarvis-history-old").TextContent.Trim());
        Assert.Equal("no value", panel.Find("td.jarvis-history-new").TextContent.Trim());
        Assert.Contains(panel.FindAll("td"), td => td.TextContent.Trim() == "Description");
        Assert.Contains(panel.FindAll("td"), td => td.TextContent.Trim() == "api");
    }

    [Theory]
    [InlineData("Pacific/Auckland")]
    [InlineData("America/New_York")]
    public async Task History_ShowsTimesInTheBrowsersTimeZone(string zone)
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        BrowserZone(host, zone);
        await host.ServiceAs("su").UpdateAsync(3134, new CustomerChange("ZONED", null), ChangeChannel.Portal);
        var changedAt = (await host.ServiceAs("su").GetHistoryAsync(3134))!.Items[0].ChangedAt;

        var panel = host.Context.Render<CustomerHistoryPanel>(p => p.Add(x => x.CustomerId, 3134));

        var expected = TimeZoneInfo.ConvertTime(changedAt, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        panel.WaitForAssertion(() => Assert.Equal(expected, panel.Find("time.jarvis-local-time").TextContent), Wait);
        Assert.Equal(changedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), panel.Find("time").GetAttribute("datetime"));
        Assert.Contains($"({zone})", panel.Find("th").TextContent);
        Assert.NotEqual(changedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), expected);
    }

    [Fact]
    public async Task History_ZoneTheServerDoesNotKnow_ShowsUtc()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        BrowserZone(host, "Mars/Olympus_Mons");
        await host.ServiceAs("su").UpdateAsync(3134, new CustomerChange("UTC", null), ChangeChannel.Portal);

        var panel = host.Context.Render<CustomerHistoryPanel>(p => p.Add(x => x.CustomerId, 3134));

        panel.WaitForAssertion(() => Assert.Contains("(UTC)", panel.Find("th").TextContent), Wait);
    }

    [Fact]
    public async Task History_CustomerWithoutChanges_SaysSo()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity-view");
        BrowserZone(host, "UTC");

        var panel = host.Context.Render<CustomerHistoryPanel>(p => p.Add(x => x.CustomerId, 3141));

        panel.WaitForAssertion(() => Assert.Contains("No changes have been made through Jarvis yet.", panel.Markup), Wait);
    }

    [Fact]
    public async Task DatabaseDown_SaysSoInThePanel_InsteadOfEndingTheCircuit()
    {
        await using var host = PortalTestHost.CreateWithDatabaseDown("su");
        BrowserZone(host, "UTC");

        var panel = host.Context.Render<CustomerHistoryPanel>(p => p.Add(x => x.CustomerId, 3134));

        panel.WaitForAssertion(() => Assert.Contains("The history cannot be read right now", panel.Markup), Wait);
        Assert.Empty(panel.FindAll("table"));
    }

    [Fact]
    public async Task SessionExpired_ThePanelsOfAPageAllFindIt_TheLoginPageComesBackToThePageOnce()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        BrowserZone(host, "UTC");
        host.NavigateTo("/customers/3134");
        host.User.Expire();

        var history = host.Context.Render<CustomerHistoryPanel>(p => p.Add(x => x.CustomerId, 3134));
        var children = host.Context.Render<CustomerChildrenPanel>(p => p.Add(x => x.CustomerId, 3134));

        history.WaitForAssertion(() => Assert.Contains("No changes have been made through Jarvis yet.", history.Markup), Wait);
        children.WaitForAssertion(() => Assert.Contains("None.", children.Markup), Wait);
        Assert.Equal("/login?returnUrl=%2Fcustomers%2F3134", host.CurrentUrl);
    }

    internal static void BrowserZone(PortalTestHost host, string zone) =>
        host.Context.JSInterop.SetupModule(BrowserTime.ModulePath).Setup<string?>("timeZone").SetResult(zone);

    private static List<string> NewValues(IRenderedComponent<CustomerHistoryPanel> panel) =>
        panel.FindAll("td.jarvis-history-new").Select(td => td.TextContent.Trim()).ToList();
}
