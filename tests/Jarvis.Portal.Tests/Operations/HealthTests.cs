using System.Net;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Operations;

/// <summary>API.md section 8: /healthz/live and /healthz/ready, without a login and without a session lookup.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task LiveAndReady_WithADatabaseThatAnswers_Return200()
    {
        await using var portal = FreshPortal.Start();

        using var live = await portal.Client.GetAsync("/healthz/live", sid: null);
        using var ready = await portal.Client.GetAsync("/healthz/ready", sid: null);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_WhileTheDatabaseIsGone_Returns503_ThenRecovers_AndLiveStays200()
    {
        await using var portal = FreshPortal.Start(databaseOptions: "Default Timeout=1;Pooling=False");
        var sid = await portal.Client.LoginAsync("su");
        var moved = portal.Database.Folder + "-moved";

        Directory.Move(portal.Database.Folder, moved);
        try
        {
            // A session cookie is sent too: a session lookup would fail on the missing database, so a 200 from live
            // also shows that the health endpoints never look the session up.
            using var ready = await portal.Client.GetAsync("/healthz/ready", sid);
            using var live = await portal.Client.GetAsync("/healthz/live", sid);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            Directory.Move(moved, portal.Database.Folder);
        }

        using var after = await portal.Client.GetAsync("/healthz/ready", sid);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
