using System.Text.Json;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// An open customer shows another operator's change as it lands (the history of API.md section 7 as a live feed): a
/// read-only page takes the new values without a reload, and a page with unsaved input keeps it beside the change.
/// </summary>
public sealed class LiveChangesTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    private const long RapidityInc = 3134;
    private const long SwiftCouriers = 3140;
    private const long HarbourFreight = 3141;

    [Fact]
    public Task SuPutsThroughTheApi_WhileRapidityViewHasItOpen_TheNewReferenceShowsWithin2sWithoutAReload() => JourneyAsync(async () =>
    {
        var (viewer, _) = await LogInAsync("rapidity-view");
        var customer = await new CustomerPage(viewer.Page).GotoAsync(SwiftCouriers);
        await customer.ExpectReadOnlyAsync();
        await Expect(customer.ShownReference).ToHaveTextAsync("—");
        // A mark that a reload would wipe, and a focused link that must keep the focus.
        await viewer.Page.EvaluateAsync("() => window.jarvisNotReloaded = true");
        var parentLink = customer.ParentLinks.Last;
        await parentLink.FocusAsync();

        await using var script = await OpenApiAsync();
        await script.LogInAsync("su");
        var result = await script.PutCustomerAsync(SwiftCouriers, "HF-LIVE-1", "Set while open");
        Assert.Equal(1, result.GetProperty("modified").GetInt32());

        await Expect(customer.ShownReference).ToHaveTextAsync("HF-LIVE-1", new() { Timeout = 2000 });
        await Expect(customer.ShownDescription).ToHaveTextAsync("Set while open");
        await Expect(customer.LiveNotice).ToContainTextAsync("su changed the customer reference and the description");
        Assert.True(await viewer.Page.EvaluateAsync<bool>("() => window.jarvisNotReloaded === true"));
        await Expect(parentLink).ToBeFocusedAsync();
        await Expect(customer.HistoryRows).ToHaveCountAsync(2);
    });

    [Fact]
    public Task SuPutsThroughTheApi_WhileRapidityHasTheFormFocusedButUntouched_TheFieldsTakeTheNewValues() => JourneyAsync(async () =>
    {
        var (rapidity, _) = await LogInAsync("rapidity");
        var customer = await new CustomerPage(rapidity.Page).GotoAsync(RapidityInc);
        await customer.ExpectEditableAsync();
        await customer.Reference.FocusAsync();

        await using var script = await OpenApiAsync();
        await script.LogInAsync("su");
        await script.PutCustomerAsync(RapidityInc, "430184/LIVE", "Set while focused");

        await Expect(customer.Reference).ToHaveValueAsync("430184/LIVE", new() { Timeout = 2000 });
        await Expect(customer.Description).ToHaveValueAsync("Set while focused");
        await Expect(customer.Reference).ToBeFocusedAsync();
        await Expect(customer.LiveConflict).ToHaveCountAsync(0);
        await Expect(customer.Text("Unsaved changes")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task SuPutsThroughTheApi_WhileRapidityHasUnsavedInput_TheBannerKeepMineAndSaveWithTheNewVersion() => JourneyAsync(async () =>
    {
        var (rapidity, _) = await LogInAsync("rapidity");
        var customer = await new CustomerPage(rapidity.Page).GotoAsync(HarbourFreight);
        await customer.ExpectEditableAsync();
        await customer.Reference.FillAsync("HF-RAP-7");

        await using var script = await OpenApiAsync();
        await script.LogInAsync("su");
        await script.PutCustomerAsync(HarbourFreight, "HF-SU-7", "Set by su");

        await Expect(customer.LiveConflict).ToContainTextAsync(
            "Changed while you were editing. su changed this customer after you opened it. Your unsaved input is still in the fields below.");
        await Expect(customer.Reference).ToHaveValueAsync("HF-RAP-7");
        await Expect(customer.Reference).ToBeFocusedAsync();
        // The description was not touched here: it shows su's value, so keeping the input replaces only the reference.
        await Expect(customer.Description).ToHaveValueAsync("Set by su");
        await Expect(customer.LiveNotice).ToContainTextAsync("while you were editing. Your input is kept");

        await customer.KeepMineButton.ClickAsync();
        await Expect(customer.LiveConflict).ToHaveCountAsync(0);
        await customer.SaveButton.ClickAsync();
        await Expect(customer.Saved).ToBeVisibleAsync();

        var stored = await script.GetCustomerAsync(HarbourFreight);
        Assert.Equal("HF-RAP-7", stored.GetProperty("customer_reference").GetString());
        Assert.Equal("Set by su", stored.GetProperty("description").GetString());
        var history = (await script.GetHistoryAsync(HarbourFreight)).Select(Describe).ToList();
        Assert.Equal(
            [
                "rapidity portal customer_reference: HF-SU-7 -> HF-RAP-7",
                "su api customer_reference: (null) -> HF-SU-7",
                "su api description: (null) -> Set by su",
            ],
            [history[0], .. history.Skip(1).Order(StringComparer.Ordinal)]);
        await Expect(customer.HistoryRows).ToHaveCountAsync(3);
    });

    private static string Describe(JsonElement entry) =>
        $"{entry.GetProperty("username").GetString()} {entry.GetProperty("via").GetString()} {entry.GetProperty("field").GetString()}: " +
        $"{entry.GetProperty("old").GetString() ?? "(null)"} -> {entry.GetProperty("new").GetString() ?? "(null)"}";
}
