using System.Globalization;
using System.Text.Json;
using Jarvis.Core.Security;
using Jarvis.Portal.Security;
using Microsoft.Extensions.Options;

namespace Jarvis.Portal.Api;

/// <summary>The original's <c>__login</c>, <c>__status</c> and <c>__logout</c> (API.md section 2), under both bases.</summary>
public static class SessionEndpoints
{
    public const string QueryCredentialsRefused =
        "Send username and password in a POST body (application/x-www-form-urlencoded or JSON), not in the query string.";

    public const string MalformedBody = "The request body could not be read: send username and password as a form or a JSON object.";

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in ApiPaths.Bases)
        {
            var group = app.MapGroup(prefix).DisableAntiforgery().WithTags("Session");
            group.MapMethods("/__login", ["GET", "POST"], LoginAsync)
                .WithSummary("Log in with username and password; sets the N2FE_CGISESSID cookie.")
                .Produces<StatusObject>(StatusCodes.Status200OK)
                .Produces<StatusObject>(StatusCodes.Status400BadRequest)
                .Produces<StatusObject>(StatusCodes.Status403Forbidden)
                .Produces<StatusObject>(StatusCodes.Status413PayloadTooLarge)
                .Produces<StatusObject>(StatusCodes.Status429TooManyRequests);
            group.MapMethods("/__status", ["GET", "POST"], Status)
                .WithSummary("The status object for the presented session cookie.")
                .Produces<StatusObject>(StatusCodes.Status200OK);
            group.MapMethods("/__logout", ["GET", "POST"], LogoutAsync)
                .WithSummary("Ends the session on the server and expires the cookie.")
                .Produces<StatusObject>(StatusCodes.Status200OK);
        }

        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, UserStore users, SessionStore sessions, IOptions<SecurityOptions> options)
    {
        var request = context.Request;
        if (CrossSiteLogin.IsCrossSite(request))
        {
            return Results.Json(StatusObject.NotLoggedIn(CrossSiteLogin.Refused), statusCode: StatusCodes.Status403Forbidden);
        }

        var (username, password) = (default(string), default(string));
        var queryHasCredentials = request.Query.ContainsKey("username") || request.Query.ContainsKey("password");
        if (queryHasCredentials)
        {
            if (!options.Value.AllowQueryStringCredentials)
            {
                return Results.Json(StatusObject.NotLoggedIn(QueryCredentialsRefused), statusCode: StatusCodes.Status400BadRequest);
            }

            (username, password) = (request.Query["username"].ToString(), request.Query["password"].ToString());
        }
        else if (HttpMethods.IsPost(request.Method))
        {
            if (!await LoginBody.BufferAsync(request, context.RequestAborted))
            {
                return Results.Json(StatusObject.NotLoggedIn(LoginBody.TooLarge), statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            var body = await ReadCredentialsAsync(request, context.RequestAborted);
            if (body is null)
            {
                return Results.Json(StatusObject.NotLoggedIn(MalformedBody), statusCode: StatusCodes.Status400BadRequest);
            }

            (username, password) = body.Value;
        }

        var result = await users.LoginAsync(username, password, ClientAddress.Of(context), context.RequestAborted);
        if (result is LoginResult.Throttled throttled)
        {
            context.Response.Headers.RetryAfter = throttled.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(StatusObject.NotLoggedIn(throttled.Message), statusCode: StatusCodes.Status429TooManyRequests);
        }

        if (result is not LoginResult.Success success)
        {
            return Results.Json(StatusObject.NotLoggedIn(((LoginResult.Failure)result).Message));
        }

        // Never keep a session id the client presented: end it, and hand out the new one.
        await sessions.DeleteAsync(SessionCookie.Read(context), context.RequestAborted);
        SessionCookie.Issue(context, success.SessionId);
        return Results.Json(StatusObject.LoggedInAs(success.User, success.SessionId));
    }

    private static async Task<IResult> Status(HttpContext context, PortalCurrentUser currentUser)
    {
        var user = await currentUser.GetUserAsync(context.RequestAborted);
        return Results.Json(user is null
            ? StatusObject.NotLoggedIn(StatusObject.LoginRequired)
            : StatusObject.LoggedInAs(user, SessionCookie.Read(context)!));
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, SessionStore sessions)
    {
        await sessions.DeleteAsync(SessionCookie.Read(context), context.RequestAborted);
        SessionCookie.Expire(context);
        return Results.Json(StatusObject.NotLoggedIn(StatusObject.LoggedOut));
    }

    /// <summary>Username and password from a form or JSON body; null when the body cannot be read as either.</summary>
    private static async Task<(string? Username, string? Password)?> ReadCredentialsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                return (form["username"].ToString(), form["password"].ToString());
            }

            if (request.HasJsonContentType())
            {
                using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                return (StringProperty(json.RootElement, "username"), StringProperty(json.RootElement, "password"));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or BadHttpRequestException)
        {
            return null;
        }

        return null;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
