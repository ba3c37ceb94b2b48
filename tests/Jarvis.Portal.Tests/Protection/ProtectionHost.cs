using System.Net;
using System.Text.RegularExpressions;
using Jarvis.Portal.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jarvis.Portal.Tests.Protection;

/// <summary>
/// The in-memory test server has no connection address; this gives every request the one a real connection would
/// have (set in the test's own <c>X-Test-Connection</c> header, default <see cref="DefaultAddress"/>), before any of
/// the portal's middleware runs.
/// </summary>
public sealed class ConnectionAddress : IStartupFilter
{
    public const string Header = "X-Test-Connection";
    public const string DefaultAddress = "203.0.113.50";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            var given = context.Request.Headers[Header].ToString();
            context.Connection.RemoteIpAddress = IPAddress.Parse(given.Length > 0 ? given : DefaultAddress);
            context.Request.Headers.Remove(Header);
            return following(context);
        });
        next(app);
    };

    public static void AddTo(IServiceCollection services) => services.AddSingleton<IStartupFilter, ConnectionAddress>();
}

/// <summary>Requests as a browser or a script sends them to the login endpoints.</summary>
public static partial class Logins
{
    public const string Proxy = "10.0.0.1";

    public static FormUrlEncodedContent Form(string username, string password) => new(new Dictionary<string, string>
    {
        ["username"] = username,
        ["password"] = password,
    });

    /// <summary>A <c>__login</c> post, from <paramref name="connection"/> (and, through it as a proxy, <paramref name="forwardedFor"/>).</summary>
    public static Task<HttpResponseMessage> PostAsync(
        ApiClient client, string username, string password, string? connection = null, string? forwardedFor = null,
        IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/__login") { Content = Form(username, password) };
        if (connection is not null)
        {
            request.Headers.Add(ConnectionAddress.Header, connection);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.Http.SendAsync(request);
    }

    /// <summary>Posts the portal's login form with the antiforgery token of a freshly served <c>/login</c> page.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient client, string username, string password, string returnUrl = "/customers", IDictionary<string, string>? headers = null)
    {
        var page = await client.GetStringAsync("/login");
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value),
                ["username"] = username,
                ["password"] = password,
                ["returnUrl"] = returnUrl,
            }),
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A client that keeps cookies (the antiforgery cookie) and does not follow redirects, as a browser form would need.</summary>
    public static HttpClient BrowserClient(PortalFactory factory, string baseAddress = "http://localhost") =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });

    public static bool SetsSessionCookie(HttpResponseMessage response) => ApiClient.SessionCookieOf(response) is not null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
