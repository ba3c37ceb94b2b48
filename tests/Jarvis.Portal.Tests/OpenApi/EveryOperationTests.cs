using System.Net;
using Jarvis.Portal.Api;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.OpenApi;

/// <summary>
/// The document lists every operation under both bases and the session endpoints by GET and POST: these tests make
/// each of them answer, so that <see cref="ServedDocumentTests"/> also judges the answers the other tests leave out.
/// </summary>
public sealed class EveryOperationTests
{
    private const string Unavailable = "The customer database is unavailable; try again shortly.";

    [Theory]
    [InlineData("")]
    [InlineData(ApiPaths.LegacyBase)]
    public async Task SessionEndpoints_ByGetAndPost_AnswerTheStatusObject(string prefix)
    {
        await using var portal = FreshPortal.Start();
        var client = portal.Client;
        var sid = await client.LoginAsync("su", prefix);

        var (get, nobody) = await client.GetJsonAsync($"{prefix}/__login", null);
        var (query, refused) = await client.GetJsonAsync($"{prefix}/__login?username=su&password=su-demo", null);
        var (post, status) = await ApiClient.ReadAsync(await client.SendAsync(HttpMethod.Post, $"{prefix}/__status", sid));
        var (missing, notFound) = await client.GetJsonAsync($"{prefix}/api/customer/99", sid);
        var (logout, loggedOut) = await ApiClient.ReadAsync(await client.SendAsync(HttpMethod.Post, $"{prefix}/__logout", sid));
        var (after, gone) = await client.GetJsonAsync($"{prefix}/__status", sid);
        var (again, stillOut) = await client.GetJsonAsync($"{prefix}/__logout", null);

        Assert.Equal((HttpStatusCode.OK, "Invalid username or password."), (get, nobody["error_string"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, SessionEndpoints.QueryCredentialsRefused), (query, refused["error_string"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.OK, sid), (post, status["sid"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.NotFound, CustomerApi.NotFoundMessage(99)), (missing, notFound["message"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.OK, 0), (logout, loggedOut["logged_in"]!.GetValue<int>()));
        Assert.Equal((HttpStatusCode.OK, "Login required."), (after, gone["error_string"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.OK, "Logged out at client request."), (again, stillOut["error_string"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("")]
    [InlineData(ApiPaths.LegacyBase)]
    public async Task EveryOperation_WhileTheDatabaseFileIsGone_Answers503WithItsEnvelope(string prefix)
    {
        await using var portal = FreshPortal.Start(databaseOptions: "Default Timeout=1;Pooling=False");
        var sid = await portal.Client.LoginAsync("su", prefix);
        var moved = portal.Database.Folder + "-moved";
        var requests = new (HttpMethod Method, string Path, Func<HttpContent?> Body)[]
        {
            (HttpMethod.Get, "/__login", () => null),
            (HttpMethod.Post, "/__login", () => new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "su", ["password"] = "su-demo" })),
            (HttpMethod.Get, "/__status", () => null),
            (HttpMethod.Post, "/__status", () => null),
            (HttpMethod.Get, "/__logout", () => null),
            (HttpMethod.Post, "/__logout", () => null),
            (HttpMethod.Get, "/api/customer?name=rapi", () => null),
            (HttpMethod.Get, "/api/customer/3134", () => null),
            (HttpMethod.Put, "/api/customer/3134", () => ApiClient.Body("""{"customer_reference":"GONE-1"}""", "application/json")),
        };

        Directory.Move(portal.Database.Folder, moved);
        var answers = new List<(string Request, HttpStatusCode Status, string Message)>();
        try
        {
            foreach (var (method, path, body) in requests)
            {
                var (status, json) = await ApiClient.ReadAsync(await portal.Client.SendAsync(method, prefix + path, sid, body()));
                answers.Add(($"{method} {path}", status, (json["message"] ?? json["error_string"])!.GetValue<string>()));
            }
        }
        finally
        {
            Directory.Move(moved, portal.Database.Folder);
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.ServiceUnavailable, Unavailable), (a.Status, a.Message)));
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.GetJsonAsync(prefix + "/api/customer/3134", sid)).Status);
    }
}
