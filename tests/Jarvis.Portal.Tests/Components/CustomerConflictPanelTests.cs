using Bunit;
using Jarvis.Core.Customers;
using Jarvis.Portal.Components.Pages.Customers;

namespace Jarvis.Portal.Tests.Components;

/// <summary>The conflict view: who changed what, their values beside the operator's input, and the two ways on.</summary>
public sealed class CustomerConflictPanelTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 22, 10, 3, TimeSpan.Zero);

    private static readonly CustomerDetails Loaded = new(3134, "Rapidity Inc", ["0800134123"], "430184/A", null, null, null, true);

    [Fact]
    public void Between_ListsOnlyTheFieldsThatChangedWithTheirNewestHistoryEntry()
    {
        var current = Loaded with { Reference = "THEIRS" };
        var history = new[]
        {
            new CustomerHistoryEntry(At, "rapidity", CustomerField.Reference, "OLDER", "THEIRS", ChangeChannel.Api),
            new CustomerHistoryEntry(At.AddMinutes(-5), "su", CustomerField.Reference, "430184/A", "OLDER", ChangeChannel.Portal),
        };

        var conflict = CustomerConflict.Between(Loaded, current, "MINE", "my text", history);

        var field = Assert.Single(conflict.Fields);
        Assert.Equal(new ConflictField(CustomerField.Reference, "THEIRS", "MINE", history[0]), field);
        Assert.Equal(["rapidity"], conflict.ChangedBy);
        Assert.Same(current, conflict.Current);
    }

    [Fact]
    public async Task Panel_SaysWhoChangedWhatAndShowsTheirValuesBesideTheInput()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        var conflict = CustomerConflict.Between(Loaded, Loaded with { Reference = "THEIRS", Description = "Their text" }, "MINE", "",
            [
                new CustomerHistoryEntry(At, "rapidity", CustomerField.Description, null, "Their text", ChangeChannel.Portal),
                new CustomerHistoryEntry(At, "rapidity", CustomerField.Reference, "430184/A", "THEIRS", ChangeChannel.Portal),
            ]);

        var panel = host.Context.Render<CustomerConflictPanel>(p => p.Add(x => x.Conflict, conflict));

        Assert.Equal(
            "Not saved. rapidity changed this customer after you opened it. Your input is still in the fields below.",
            AlertText(panel));
        Assert.Equal("rapidity", panel.Find(".jarvis-conflict-who").TextContent);
        var rows = panel.FindAll("tr.jarvis-conflict-field");
        Assert.Equal(["Customer reference", "Description"], rows.Select(r => r.QuerySelector("th")!.TextContent));
        Assert.Equal(["THEIRS", "Their text"], rows.Select(r => r.QuerySelector(".jarvis-conflict-theirs")!.TextContent.Trim()));
        Assert.Equal(["MINE", "no value"], rows.Select(r => r.QuerySelector(".jarvis-conflict-yours")!.TextContent.Trim()));
        panel.WaitForAssertion(() => Assert.Equal("rapidity, 2026-11-27 22:10:03 (portal)", rows[0].QuerySelector(".jarvis-conflict-change")!.TextContent.Trim()));
    }

    [Fact]
    public async Task Panel_AChangeMadeOutsideJarvis_SaysSo()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var conflict = CustomerConflict.Between(Loaded, Loaded with { Reference = "DIRECT" }, "MINE", "", []);

        var panel = host.Context.Render<CustomerConflictPanel>(p => p.Add(x => x.Conflict, conflict));

        Assert.Equal("Not saved. This customer was changed after you opened it. Your input is still in the fields below.", AlertText(panel));
        Assert.Equal("outside Jarvis", panel.Find(".jarvis-conflict-change").TextContent.Trim());
    }

    [Fact]
    public async Task Panel_TheTwoButtons_CallTheirCallbacks()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var taken = 0;
        var overwritten = 0;
        var conflict = CustomerConflict.Between(Loaded, Loaded with { Reference = "THEIRS" }, "MINE", "", []);

        var panel = host.Context.Render<CustomerConflictPanel>(p => p
            .Add(x => x.Conflict, conflict)
            .Add(x => x.OnTakeTheirs, () => taken++)
            .Add(x => x.OnOverwrite, () => overwritten++));
        await panel.FindAll("button").Single(b => b.TextContent.Trim() == "Use their values").ClickAsync(new());
        await panel.FindAll("button").Single(b => b.TextContent.Trim() == "Overwrite with mine").ClickAsync(new());

        Assert.Equal((1, 1), (taken, overwritten));
    }

    /// <summary>The alert's sentence as a screen reader reads it: its text with runs of whitespace as one space.</summary>
    private static string AlertText(IRenderedComponent<CustomerConflictPanel> panel) =>
        System.Text.RegularExpressions.Regex.Replace(panel.Find(".jarvis-conflict .mud-alert-message").TextContent, @"\s+", " ").Trim();
}
