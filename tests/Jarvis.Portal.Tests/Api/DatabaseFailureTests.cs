using System.Data.Common;
using System.Net;
using Jarvis.Core.Security;
using Jarvis.Portal.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jarvis.Portal.Tests.Api;

/// <summary>API.md section 5: a database that is locked or gone gets 503 and the service recovers by itself; nothing shows a stack trace.</summary>
public sealed class DatabaseFailureTests
{
    private const string Unavailable = "The customer database is unavailable; try again shortly.";
    private const string Body = """{"customer_reference":"LOCK-1","description":"after the lock"}""";

    [Fact]
    public async Task Put_WhileAnotherConnectionHoldsTheWriteLock_Returns503ThenSucceedsOnceReleased()
    {
        await using var portal = FreshPortal.Start(databaseOptions: "Default Timeout=1");
        var sid = await portal.Client.LoginAsync("su");

        using (var locker = new SqliteConnection(portal.Database.ConnectionString + ";Pooling=False"))
        {
            locker.Open();
            using var begin = locker.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();

            var (status, json) = await portal.Client.PutAsync("/api/customer/3134", sid, Body);
            var (loginStatus, login) = await ApiClient.ReadAsync(await portal.Client.Http.PostAsync("/jarvis-agent/n2fe/__login",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "su", ["password"] = "su-demo" })));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Json.Equal(Json.Refusal(Unavailable, "su", Json.SuGroups), json);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loginStatus);
            Json.Equal($$"""{"logged_in":0,"username":"","error_string":"{{Unavailable}}","group_list":""}""", login);
        }

        var (after, success) = await portal.Client.PutAsync("/api/customer/3134", sid, Body);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal(1, success["modified"]!.GetValue<int>());
        Assert.Equal("LOCK-1", (await portal.Client.GetJsonAsync("/api/customer/3134", sid)).Json["customer_reference"]!.GetValue<string>());
        var logged = await portal.Factory.Logs.WaitForAsync(e => e.Category == typeof(JarvisExceptionHandler).FullName && e.Level == LogLevel.Error);
        Assert.IsAssignableFrom<DbException>(logged.Exception);
    }

    [Fact]
    public async Task EveryApiPath_WhileTheDatabaseFileIsGone_Returns503ThenRecoversWithTheSameSession()
    {
        // Without pooling every request opens the file anew, as a pooled connection would after the file came back.
        await using var portal = FreshPortal.Start(databaseOptions: "Default Timeout=1;Pooling=False");
        var sid = await portal.Client.LoginAsync("su");
        var moved = portal.Database.Folder + "-moved";

        Directory.Move(portal.Database.Folder, moved);
        try
        {
            foreach (var path in new[] { "/api/customer?name=rapi", "/jarvis-agent/n2fe/api/customer/3134" })
            {
                var (status, json) = await portal.Client.GetJsonAsync(path, sid);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                // The session could not be looked up, so the answer cannot say who is logged in.
                Json.Equal($$"""{"message":"{{Unavailable}}","success":0,"group_list":"","logged_in":"0","error_string":"","username":""}""", json);
            }

            var (statusCode, statusJson) = await portal.Client.GetJsonAsync("/__status", sid);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, statusCode);
            Json.Equal($$"""{"logged_in":0,"username":"","error_string":"{{Unavailable}}","group_list":""}""", statusJson);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await portal.Client.PutAsync("/api/customer/3134", sid, Body)).Status);
        }
        finally
        {
            Directory.Move(moved, portal.Database.Folder);
        }

        var (recovered, customer) = await portal.Client.GetJsonAsync("/jarvis-agent/n2fe/api/customer/3134", sid);
        Assert.Equal(HttpStatusCode.OK, recovered);
        Json.Equal("""{"id":"3134","name":"Rapidity Inc","customer_reference":"430184/A","description":null}""", customer);
    }

    [Fact]
    public async Task UnexpectedException_OnApiPathInDevelopment_Returns500EnvelopeWithoutStackTrace()
    {
        await using var portal = FreshPortal.Start(services: s => s.AddScoped<ICurrentUser, BrokenCurrentUser>());
        var sid = await portal.Client.LoginAsync("su");

        foreach (var path in new[] { "/api/customer", "/jarvis-agent/n2fe/api/customer/3134" })
        {
            using var response = await portal.Client.GetAsync(path, sid);
            var text = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Json.Equal(Json.Refusal("An unexpected error occurred; it has been logged.", "su", Json.SuGroups), System.Text.Json.Nodes.JsonNode.Parse(text));
            Assert.DoesNotContain(BrokenCurrentUser.Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        }

        var logged = await portal.Factory.Logs.WaitForAsync(e => e.Exception?.Message == BrokenCurrentUser.Secret);
        Assert.Equal(LogLevel.Error, logged.Level);
    }

    /// <summary>Stands in for an unknown bug deep in the service.</summary>
    private sealed class BrokenCurrentUser : ICurrentUser
    {
        public const string Secret = "internal detail that must not reach the client";

        public ValueTask<JarvisUser?> GetUserAsync(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(Secret);
    }
}
