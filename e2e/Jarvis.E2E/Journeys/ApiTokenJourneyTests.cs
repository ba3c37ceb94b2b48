using System.Text.Json;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>API.md section 10: a user makes a token in the portal, a script uses it with no password, revoking it stops it.</summary>
public sealed class ApiTokenJourneyTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    [Fact]
    public Task TokenMadeInThePortal_ReadsAndWritesAsItsUser_UntilRevokedInThePortal() => JourneyAsync(async () =>
    {
        var (browser, _) = await LogInAsync("rapidity");
        var tokens = await new ApiTokensPage(browser.Page).GotoAsync();
        var name = $"e2e-{Guid.NewGuid():N}"[..16];
        var token = await tokens.MakeAsync(name, readOnly: false);
        await Expect(tokens.StateOf(name)).ToHaveTextAsync("active");

        await using var script = await Chromium.Playwright.APIRequest.NewContextAsync(new()
        {
            BaseURL = Server.BaseUrl,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        var read = await script.GetAsync("/jarvis-agent/n2fe/api/customer/3140");
        Assert.Equal(200, read.Status);
        var reference = $"TOKEN-{Guid.NewGuid():N}"[..20];
        var write = await script.PutAsync("/api/customer/3140", new()
        {
            DataString = JsonSerializer.Serialize(new Dictionary<string, string?> { ["customer_reference"] = reference, ["description"] = null }),
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        });
        Assert.Equal(200, write.Status);
        Assert.Equal(1, JsonDocument.Parse(await write.TextAsync()).RootElement.GetProperty("success").GetInt32());
        Assert.DoesNotContain(write.Headers, h => h.Key.Equals("set-cookie", StringComparison.OrdinalIgnoreCase));
        var history = JsonDocument.Parse(await (await script.GetAsync("/api/customer/3140/history")).TextAsync()).RootElement;
        var entry = history.EnumerateArray().First();
        Assert.Equal((reference, "rapidity", "api", name),
            (entry.GetProperty("new").GetString(), entry.GetProperty("username").GetString(), entry.GetProperty("via").GetString(), entry.GetProperty("token").GetString()));

        await tokens.RevokeAsync(name);

        var refused = await script.GetAsync("/api/customer/3140");
        Assert.Equal(401, refused.Status);
        Assert.Equal("Invalid or expired token.", JsonDocument.Parse(await refused.TextAsync()).RootElement.GetProperty("error_string").GetString());
    });

    [Fact]
    public Task ReadOnlyTokenMadeInThePortal_Reads_ButItsWritesAre403() => JourneyAsync(async () =>
    {
        var (browser, _) = await LogInAsync("su");
        var tokens = await new ApiTokensPage(browser.Page).GotoAsync();
        var token = await tokens.MakeAsync($"ro-{Guid.NewGuid():N}"[..12], readOnly: true);

        await using var script = await Chromium.Playwright.APIRequest.NewContextAsync(new()
        {
            BaseURL = Server.BaseUrl,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });

        Assert.Equal(200, (await script.GetAsync("/api/customer?name=rapi")).Status);
        var write = await script.PutAsync("/api/customer/1551", new()
        {
            DataString = """{"customer_reference":"RO-E2E"}""",
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        });
        Assert.Equal(403, write.Status);
        Assert.Equal("This token may only read.", JsonDocument.Parse(await write.TextAsync()).RootElement.GetProperty("message").GetString());
    });
}
