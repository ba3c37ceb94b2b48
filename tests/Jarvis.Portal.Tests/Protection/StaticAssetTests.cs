using System.Net;
using Jarvis.Portal.Components.Layout;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Protection;

/// <summary>
/// Static assets are answered before authentication: a stylesheet or script requested with a session
/// cookie never looks the session up. The session table is dropped, so any lookup would fail the request.
/// </summary>
public sealed class StaticAssetTests
{
    [Theory]
    [InlineData("/app.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js")]
    [InlineData("/Jarvis.Portal.styles.css")]
    [InlineData("/Components/Shared/ReconnectModal.razor.js")]
    [InlineData("/Components/Pages/Customers/CustomerList.razor.js")]
    public async Task StaticAsset_WithASessionCookie_DoesNotTouchTheSessionStore(string path)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        portal.Database.Execute("DROP TABLE JARVIS_SESSION");

        using var response = await portal.Client.GetAsync(path, sid);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0);
    }

    [Fact]
    public async Task Page_LinksTheComponentsStylesheet_AndTakesTheBrandColoursFromPortalTheme()
    {
        await using var portal = FreshPortal.Start();

        using var response = await portal.Client.GetAsync("/login", sid: null);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Matches("<link href=\"[^\"]*Jarvis\\.Portal\\.[^\"]*styles\\.css\" rel=\"stylesheet\"", html);
        Assert.Contains($"--jarvis-brand: {PortalTheme.Theme.PaletteLight.Primary.Value};", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithTheSessionStoreGone_StillLooksTheSessionUp()
    {
        // The other side of the test above: a page does look the session up, so dropping the table is noticed.
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        portal.Database.Execute("DROP TABLE JARVIS_SESSION");

        using var response = await portal.Client.GetAsync("/api/customer/3134", sid);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
