using System.Net;
using System.Text.RegularExpressions;
using Jarvis.Portal.Security;
using Jarvis.Portal.Tests.Api;
using Jarvis.Testing;

namespace Jarvis.Portal.Tests.Operations;

/// <summary>
/// Two portal processes on one database, installed in different folders (so the framework's default key ring would
/// differ): the data-protection keys in the database let either accept the other's login form, and sessions are shared.
/// </summary>
public sealed partial class SeveralInstancesTests : IDisposable
{
    private readonly DatabaseFile _database = new();
    private readonly string _installA = NewFolder();
    private readonly string _installB = NewFolder();

    [Fact]
    public async Task LoginFormFromOneInstance_IsAcceptedByTheOther_AndSessionsAndLogoutAreShared()
    {
        await using var first = new PortalFactory(_database, settings: new Dictionary<string, string?> { ["contentRoot"] = _installA });
        await using var second = new PortalFactory(_database, settings: new Dictionary<string, string?> { ["contentRoot"] = _installB });
        using var a = first.Client();
        using var b = second.Client();

        using var form = await a.Http.GetAsync("/login");
        var html = await form.Content.ReadAsStringAsync();
        var antiforgeryCookie = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).Split(';')[0];
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value),
                ["username"] = "su",
                ["password"] = "su-demo",
                ["returnUrl"] = "/customers",
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        using var login = await b.Http.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/customers", login.Headers.Location!.OriginalString);
        var sid = ApiClient.SessionCookieOf(login);
        Assert.NotNull(sid);

        Assert.Equal(1, (await a.GetJsonAsync("/__status", sid)).Json["logged_in"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await a.GetJsonAsync("/api/customer/3134", sid)).Status);

        using (var logout = await a.GetAsync("/__logout", sid))
        {
            Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        }

        Assert.Equal(0, (await b.GetJsonAsync("/__status", sid)).Json["logged_in"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await b.GetJsonAsync("/api/customer/3134", sid)).Status);
        Assert.Equal(0, (await a.GetJsonAsync("/__status", sid)).Json["logged_in"]!.GetValue<int>());
        Assert.Equal(1L, _database.Scalar("SELECT COUNT(*) FROM JARVIS_DATA_PROTECTION_KEY"));
    }

    public void Dispose()
    {
        _database.Dispose();
        TempFolder.Delete(_installA);
        TempFolder.Delete(_installB);
    }

    private static string NewFolder() => TempFolder.Create("jarvis-install-tests");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
