using System.Net;
using System.Text.RegularExpressions;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Operations;

/// <summary>API.md section 8: /docs/api, built from /openapi/v1.json, every asset served by the portal itself.</summary>
public sealed partial class ApiReferenceTests(SharedPortal portal) : IClassFixture<SharedPortal>
{
    [Fact]
    public async Task DocsApi_RedirectsToItsPage_WithoutALogin()
    {
        using var response = await portal.Client.GetAsync("/docs/api", sid: null);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/docs/api/index.html", new Uri(new Uri("http://localhost/docs/api"), response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task Page_ReferencesOnlyLocalAssets_EveryOneServedByThePortal_AndNoInlineScript()
    {
        var html = await GetTextAsync("/docs/api/index.html");

        var references = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, url => Assert.DoesNotMatch("^(?:[a-z]+:)?//", url));
        foreach (var url in references)
        {
            using var asset = await portal.Client.GetAsync(new Uri(new Uri("http://localhost/docs/api/index.html"), url).PathAndQuery, sid: null);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{url}: {asset.StatusCode}");
        }

        // Every script is a file of this site (no inline code), so a Content-Security-Policy of script-src 'self' allows it.
        Assert.All(ScriptTag().Matches(html), tag => Assert.Contains("src=", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotMatch("<style", html);
    }

    [Fact]
    public async Task Configuration_ReadsThePortalsOpenApiDocument_WithTheOnlineValidatorOff()
    {
        var script = await GetTextAsync("/docs/api/index.js");

        Assert.Contains("\"/openapi/v1.json\"", script, StringComparison.Ordinal);
        Assert.DoesNotMatch("\"validatorUrl\"\\s*:\\s*\"http", script);
        Assert.Contains("configObject.validatorUrl = null", script, StringComparison.Ordinal);
        Assert.DoesNotMatch("\"url\"\\s*:\\s*\"https?://", script);
    }

    private async Task<string> GetTextAsync(string path)
    {
        using var response = await portal.Client.GetAsync(path, sid: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*["'](?<url>[^"']+)["']""")]
    private static partial Regex AssetReference();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
