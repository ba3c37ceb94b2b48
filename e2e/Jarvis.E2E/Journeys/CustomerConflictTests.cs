using System.Text.Json;
using System.Text.RegularExpressions;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// Two operators in two browsers edit the same customer: the second save is refused with the conflict view (who
/// changed what, their values beside the second operator's input), nothing is lost, and taking their values lets the
/// second operator save on top of them (API.md section 7).
/// </summary>
public sealed class CustomerConflictTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    private const long HarbourFreight = 3141;

    [Fact]
    public Task SuAndRapidity_EditHarbourFreight_TheSecondSeesTheConflict_TakesTheirValues_AndSaves() => JourneyAsync(async () =>
    {
        var (suBrowser, _) = await LogInAsync("su");
        var (rapidityBrowser, _) = await LogInAsync("rapidity");

        // Both open the customer while it is still as seeded (no reference, no description).
        var first = await new CustomerPage(suBrowser.Page).GotoAsync(HarbourFreight);
        var second = await new CustomerPage(rapidityBrowser.Page).GotoAsync(HarbourFreight);
        foreach (var page in new[] { first, second })
        {
            await page.ExpectCustomerAsync("Harbour Freight Co");
            await page.ExpectEditableAsync();
            await Expect(page.Reference).ToHaveValueAsync("");
            await Expect(page.Description).ToHaveValueAsync("");
        }

        // rapidity is typing when su saves: the input stays, the change shows beside it at once.
        await second.EditAsync("HF-RAP-1", "Set by rapidity");
        await first.EditAsync("HF-SU-1", "Set by su");
        await first.SaveButton.ClickAsync();
        await Expect(first.Saved).ToBeVisibleAsync();
        await Expect(second.LiveConflict).ToContainTextAsync("Changed while you were editing. su changed this customer after you opened it.");

        // Saving without choosing is based on the version loaded before su saved: refused, nothing stored.
        await second.SaveButton.ClickAsync();
        await Expect(second.Conflict).ToBeVisibleAsync();
        await Expect(second.Conflict).ToContainTextAsync("Not saved. su changed this customer after you opened it. Your input is still in the fields below.");
        var changedBySu = new Regex(@"^su, .+ \(portal\)$");
        await Expect(second.ConflictCells("Customer reference")).ToHaveTextAsync([new Regex("^HF-SU-1$"), new Regex("^HF-RAP-1$"), changedBySu]);
        await Expect(second.ConflictCells("Description")).ToHaveTextAsync([new Regex("^Set by su$"), new Regex("^Set by rapidity$"), changedBySu]);
        await Expect(second.Saved).ToHaveCountAsync(0);
        await Expect(second.Reference).ToHaveValueAsync("HF-RAP-1");
        await Expect(second.Description).ToHaveValueAsync("Set by rapidity");

        await using var api = JarvisApi.ForBrowser(suBrowser);
        var stored = await api.GetCustomerAsync(HarbourFreight);
        Assert.Equal("HF-SU-1", stored.GetProperty("customer_reference").GetString());
        Assert.Equal("Set by su", stored.GetProperty("description").GetString());

        // Their values go into the fields; the second operator adds to the description and saves over su's version.
        await second.UseTheirValuesButton.ClickAsync();
        await Expect(second.Conflict).ToHaveCountAsync(0);
        await Expect(second.Reference).ToHaveValueAsync("HF-SU-1");
        await Expect(second.Description).ToHaveValueAsync("Set by su");
        await second.Description.FillAsync("Set by su, checked by rapidity");
        await second.SaveButton.ClickAsync();
        await Expect(second.Saved).ToBeVisibleAsync();
        await Expect(second.Conflict).ToHaveCountAsync(0);

        stored = await api.GetCustomerAsync(HarbourFreight);
        Assert.Equal("HF-SU-1", stored.GetProperty("customer_reference").GetString());
        Assert.Equal("Set by su, checked by rapidity", stored.GetProperty("description").GetString());

        // The history holds su's two changes and rapidity's one, newest first; the refused save wrote nothing.
        var history = (await api.GetHistoryAsync(HarbourFreight)).Select(Describe).ToList();
        Assert.Equal(
            [
                "rapidity portal description: Set by su -> Set by su, checked by rapidity",
                "su portal customer_reference: (null) -> HF-SU-1",
                "su portal description: (null) -> Set by su",
            ],
            [history[0], .. history.Skip(1).Order(StringComparer.Ordinal)]);
        await Expect(second.HistoryRows).ToHaveCountAsync(3);
        await Expect(second.HistoryRows.First.GetByRole(Microsoft.Playwright.AriaRole.Cell))
            .ToHaveTextAsync([new Regex(".+"), new Regex("^rapidity$"), new Regex("^Description$"), new Regex("^Set by su$"),
                new Regex("^Set by su, checked by rapidity$"), new Regex("^portal$")]);

        // su's page, reloaded, shows the values both saved.
        await first.ReloadAsync("Harbour Freight Co");
        await first.ExpectEditableAsync();
        await Expect(first.Reference).ToHaveValueAsync("HF-SU-1");
        await Expect(first.Description).ToHaveValueAsync("Set by su, checked by rapidity");
    });

    private static string Describe(JsonElement entry) =>
        $"{entry.GetProperty("username").GetString()} {entry.GetProperty("via").GetString()} {entry.GetProperty("field").GetString()}: " +
        $"{entry.GetProperty("old").GetString() ?? "(null)"} -> {entry.GetProperty("new").GetString() ?? "(null)"}";
}
