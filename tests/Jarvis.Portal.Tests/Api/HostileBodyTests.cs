using System.Net;
using Jarvis.Core.Security;
using Jarvis.Portal.Api;

namespace Jarvis.Portal.Tests.Api;

/// <summary>
/// A JSON body that parses but holds no text: an escaped lone UTF-16 surrogate (API.md sections 4 and 5: a malformed
/// body is a 400 with the refusal envelope, never a 500, in every environment).
/// </summary>
public sealed class HostileBodyTests
{
    private const string Malformed = "The request body is not valid JSON: send a JSON object with customer_reference and description.";
    private const string Original3134 = """{"id":"3134","name":"Rapidity Inc","customer_reference":"430184/A","description":null}""";

    [Theory]
    [InlineData("""{"description":"\ud800"}""")]
    [InlineData("""{"customer_reference":"ok","description":"x\udc00y"}""")]
    [InlineData("""{"customer_reference":"\udfff\ud800"}""")]
    [InlineData("""{"\ud800":1,"description":"x"}""")]
    [InlineData("""{"descr\ud800":"x"}""")]
    public async Task Put_LoneSurrogate_Answers400WithTheEnvelopeOnBothBasesAndChangesNothing(string body)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        foreach (var basePath in ApiPaths.Bases)
        {
            var (status, json) = await portal.Client.PutAsync($"{basePath}/api/customer/3134", sid, body);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Json.Equal(Json.Refusal(Malformed, "su", Json.SuGroups), json);
        }

        Json.Equal(Original3134, (await portal.Client.GetJsonAsync("/api/customer/3134", sid)).Json);
    }

    [Theory]
    [InlineData("application/json; charset=utf-7")]
    [InlineData("application/json; charset=UTF-7")]
    public async Task Put_CharsetDotNetHasDisabled_Answers415WithTheEnvelope(string contentType)
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await portal.Client.PutAsync("/api/customer/3134", sid, """{"description":"x"}""", contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Json.Equal(Json.Refusal("Content-Type must be application/json.", "su", Json.SuGroups), json);
    }

    [Theory]
    [InlineData("""{"username":"\ud800","password":"x"}""")]
    [InlineData("""{"username":"su","password":"\udfff"}""")]
    public async Task Login_LoneSurrogate_Answers400WithTheStatusObject(string body)
    {
        await using var portal = FreshPortal.Start();

        foreach (var basePath in ApiPaths.Bases)
        {
            using var response = await portal.Client.SendAsync(HttpMethod.Post, $"{basePath}/__login", null, ApiClient.Body(body, "application/json"));
            var (status, json) = await ApiClient.ReadAsync(response);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(0, json["logged_in"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Put_SurrogatePair_IsText_AndIsStored()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        var (status, json) = await portal.Client.PutAsync("/api/customer/3134", sid, """{"description":"smile \ud83d\ude00"}""");
        var (_, stored) = await portal.Client.GetJsonAsync("/api/customer/3134", sid);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, json["success"]!.GetValue<int>());
        Assert.Equal("smile \U0001F600", stored["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_LoneSurrogate_InProduction_Answers400WithTheEnvelope()
    {
        using var database = new DatabaseFile();
        await using (var development = new PortalFactory(database))
        {
            development.CreateClient().Dispose();
        }

        database.Execute($"UPDATE JARVIS_USER SET PASSWORD_HASH = '{PasswordHasher.Hash("a-real-password-1", 1000)}'");
        await using var production = new PortalFactory(database, settings: new Dictionary<string, string?> { ["environment"] = "Production" });
        using var client = production.Client();
        using var login = await client.Http.PostAsync("/__login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "su",
            ["password"] = "a-real-password-1",
        }));
        var sid = ApiClient.SessionCookieOf(login);

        var (status, json) = await client.PutAsync("/jarvis-agent/n2fe/api/customer/3134", sid, """{"description":"\ud800"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Json.Equal(Json.Refusal(Malformed, "su", Json.SuGroups), json);
    }
}
