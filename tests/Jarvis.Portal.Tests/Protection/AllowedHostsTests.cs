using System.Net;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Protection;

/// <summary>
/// AllowedHosts named (as the production guide says): a request for another Host is refused, and on an API path with
/// the envelope and the protective headers (API.md section 6), not the framework's HTML page.
/// </summary>
public sealed class AllowedHostsTests
{
    [Theory]
    [InlineData("/api/customer/3134")]
    [InlineData("/jarvis-agent/n2fe/__login")]
    public async Task ApiRequest_ForAHostNotAllowed_Answers400WithTheEnvelopeAndHeaders(string path)
    {
        await using var portal = FreshPortal.Start(settings: new Dictionary<string, string?> { ["AllowedHosts"] = "portal.example;localhost" });
        using var client = portal.Factory.CreateDefaultClient(new Uri("http://evil.example"));

        using var response = await client.GetAsync(path);
        var (status, json) = await ApiClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(0, json["success"]?.GetValue<int>() ?? json["logged_in"]!.GetValue<int>());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task Request_ForAnAllowedHost_IsAnswered()
    {
        await using var portal = FreshPortal.Start(settings: new Dictionary<string, string?> { ["AllowedHosts"] = "portal.example;localhost" });
        using var client = portal.Factory.CreateDefaultClient(new Uri("http://portal.example"));

        using var response = await client.GetAsync("/__status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
