using System.Globalization;
using System.Text.Json;
using Jarvis.Core.Security;
using Jarvis.Portal.OpenApi;
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
            var group = app.MapGroup(prefix).DisableAntiforgery().WithTags("Session")
                .Answers(StatusCodes.Status503ServiceUnavailable, typeof(StatusObject), "The database is down or locked: logged_in 0 and the reason. Try again shortly.")
                .WithResponseExample(StatusCodes.Status503ServiceUnavailable, "outage", "The database does not answer", ApiExamples.SessionOutage);
            group.MapMethods("/__login", ["GET", "POST"], LoginAsync)
                .WithOperationName("Login")
                .WithSummary("Log in with username and password; sets the N2FE_CGISESSID cookie.")
                .WithDescription(
                    "POST the credentials as a form (application/x-www-form-urlencoded or multipart/form-data) or a JSON object. " +
                    "Success: the status object with logged_in 1 and a NEW session id, also set as the N2FE_CGISESSID cookie; any " +
                    "session the request presented ends. A wrong user name or password is HTTP 200 with logged_in 0 and " +
                    "\"Invalid username or password.\" (the same for both), and no cookie; a user in no login group gets " +
                    "\"User is not permitted to log in.\". GET is the original's form: credentials in the query string are " +
                    "refused with 400, and a GET without them logs nobody in.")
                .WithMetadata(new RequestBody(typeof(LoginJson), "The user name and password, as a form or a JSON object.", false,
                    "application/x-www-form-urlencoded", "multipart/form-data", "application/json"))
                .WithRequestExample("application/x-www-form-urlencoded", "su", "Demo user su", ApiExamples.LoginForm)
                .WithRequestExample("multipart/form-data", "su", "Demo user su", ApiExamples.LoginForm)
                .WithRequestExample("application/json", "su", "Demo user su", ApiExamples.LoginForm)
                .WithRequestExample("application/json", "wrongPassword", "A wrong password", ApiExamples.WrongPassword)
                .Answers(StatusCodes.Status200OK, typeof(StatusObject), "Logged in (logged_in 1, sid, Set-Cookie), or not (logged_in 0, error_string says why, no cookie).")
                .Answers(StatusCodes.Status400BadRequest, typeof(StatusObject), "Credentials in the query string, or a POST body that is neither a form nor a JSON object.")
                .Answers(StatusCodes.Status403Forbidden, typeof(StatusObject), "The browser says the POST comes from another site (Sec-Fetch-Site cross-site, or an Origin that is not the portal's): \"Cross-site login refused.\" Nothing was checked.")
                .Answers(StatusCodes.Status413PayloadTooLarge, typeof(StatusObject), "The body is larger than 16 KiB. Nothing was checked.")
                .Answers(StatusCodes.Status429TooManyRequests, typeof(StatusObject), "Too many failed logins for this user name from this address, or from this address: nothing was checked. Wait as long as Retry-After says.")
                .WithResponseHeader(StatusCodes.Status200OK, "Set-Cookie",
                    "On success only: N2FE_CGISESSID=<sid>; path=/; samesite=strict; httponly (and secure over HTTPS). Send it back with every call.")
                .WithResponseExample(StatusCodes.Status200OK, "loggedIn", "su with su-demo", ApiExamples.LoggedIn)
                .WithResponseExample(StatusCodes.Status200OK, "invalid", "A wrong password (no cookie is set)", ApiExamples.InvalidLogin)
                .WithResponseHeader(StatusCodes.Status429TooManyRequests, "Retry-After", "Seconds until a login from this address may be tried again.", required: true)
                .WithResponseExample(StatusCodes.Status403Forbidden, "crossSite", "A POST with Sec-Fetch-Site: cross-site", ApiExamples.CrossSiteLogin)
                .WithResponseExample(StatusCodes.Status413PayloadTooLarge, "tooLarge", "A body over 16 KiB", ApiExamples.LoginTooLarge)
                .WithResponseExample(StatusCodes.Status429TooManyRequests, "throttled", "After too many failed logins", ApiExamples.LoginThrottled)
                .WithResponseExample(StatusCodes.Status400BadRequest, "queryString", "Credentials in the query string", ApiExamples.QueryCredentials)
                .WithResponseExample(StatusCodes.Status400BadRequest, "unreadable", "A body that is neither a form nor a JSON object", ApiExamples.UnreadableLogin);
            group.MapMethods("/__status", ["GET", "POST"], Status)
                .WithOperationName("Status")
                .WithSummary("The status object for the presented session cookie or API token.")
                .WithDescription("Who is logged in with this cookie: logged_in 1 with the user and the session id, or logged_in 0 and \"Login required.\". Asking slides the session's idle expiry. With Authorization: Bearer and an API token: its user, without sid.")
                .WithMetadata(new OptionalSession())
                .Answers(StatusCodes.Status200OK, typeof(StatusObject), "logged_in 1 with the user and sid for a live session (without sid for an API token); logged_in 0 and \"Login required.\" otherwise.")
                .WithResponseExample(StatusCodes.Status200OK, "loggedIn", "With su's cookie", ApiExamples.LoggedIn)
                .WithResponseExample(StatusCodes.Status200OK, "apiToken", "With an API token of su: no sid, since a token has no session", ApiExamples.TokenStatus)
                .WithResponseExample(StatusCodes.Status200OK, "notLoggedIn", "Without a cookie, or with an expired one", ApiExamples.LoginRequired);
            group.MapMethods("/__logout", ["GET", "POST"], LogoutAsync)
                .WithOperationName("Logout")
                .WithSummary("Ends the session on the server and expires the cookie.")
                .WithDescription("Deletes the presented session on the server (if any) and expires the N2FE_CGISESSID cookie; the answer is the same with or without one.")
                .WithMetadata(new OptionalSession())
                .Answers(StatusCodes.Status200OK, typeof(StatusObject), "Logged out: logged_in 0, \"Logged out at client request.\", and the cookie expired.")
                .WithResponseHeader(StatusCodes.Status200OK, "Set-Cookie", "N2FE_CGISESSID=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=strict; httponly: the cookie is expired.", required: true)
                .WithResponseExample(StatusCodes.Status200OK, "loggedOut", "Logged out", ApiExamples.LoggedOut);
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
        if (TokenRefusal.For(context) is { } refusal)
        {
            return refusal;
        }

        var user = await currentUser.GetUserAsync(context.RequestAborted);
        return Results.Json(user is null
            ? StatusObject.NotLoggedIn(StatusObject.LoginRequired)
            : StatusObject.LoggedInAs(user, user.TokenName is null ? SessionCookie.Read(context)! : null));
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
                var body = json.RootElement;
                return body.ValueKind == JsonValueKind.Object ? (StringProperty(body, "username"), StringProperty(body, "password")) : null;
            }
        }
        // InvalidOperationException: a key or string holding an escaped lone UTF-16 surrogate ("\ud800") parses as JSON
        // but is no text, and throws when it is read; NotSupportedException: a form in a charset .NET has disabled (UTF-7).
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or InvalidDataException or BadHttpRequestException)
        {
            return null;
        }

        return null;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
