using System.Security.Claims;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Jarvis.Portal.Api;

/// <summary>
/// Error answers on API and session paths, written where no <see cref="Core.Security.JarvisUser"/> is at hand (the
/// exception handler, status-code pages): the refusal envelope on <c>/api</c>, the status object on the session
/// endpoints, both from the authenticated principal.
/// </summary>
public static class ApiEnvelope
{
    public const string NoSuchEndpoint = "No such API endpoint.";
    public const string MethodNotAllowed = "This method is not allowed here.";

    public static Refusal RefusalFor(ClaimsPrincipal principal, string message) => principal.Identity?.IsAuthenticated == true
        ? new Refusal(message, 0, string.Join(",", JarvisClaims.GroupsOf(principal)), "1", "", principal.Identity.Name ?? "")
        : Refusal.For(null, message);

    /// <summary>
    /// The status-code-pages callback for API paths: a bare 401 (the authentication challenge) gets the status object
    /// "Login required.", a 404 or 405 from routing the envelope with its message, any other bare error status the
    /// envelope with the status's name (no API answer is an empty body or a page).
    /// </summary>
    public static Task WriteStatusCodePageAsync(StatusCodeContext statusCode)
    {
        var context = statusCode.HttpContext;
        return context.Response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => WriteJsonAsync(context, StatusObject.NotLoggedIn(StatusObject.LoginRequired)),
            StatusCodes.Status404NotFound => WriteAsync(context, context.Request.Path, StatusCodes.Status404NotFound, NoSuchEndpoint),
            StatusCodes.Status405MethodNotAllowed => WriteAsync(context, context.Request.Path, StatusCodes.Status405MethodNotAllowed, MethodNotAllowed),
            var other => WriteAsync(context, context.Request.Path, other, $"{ReasonPhrases.GetReasonPhrase(other)}."),
        };
    }

    /// <summary>
    /// An error answer with <paramref name="message"/> for a request to <paramref name="path"/>; when part of an answer
    /// is already out, the connection is cut instead.
    /// </summary>
    public static Task WriteAsync(HttpContext context, PathString path, int statusCode, string message)
    {
        if (context.Response.HasStarted)
        {
            // Part of a streamed answer is out: cut the connection, so the client cannot take it for a whole one.
            context.Abort();
            return Task.CompletedTask;
        }

        context.Response.StatusCode = statusCode;
        return WriteJsonAsync(context, ApiPaths.IsSessionPath(path)
            ? StatusObject.NotLoggedIn(message)
            : RefusalFor(context.User, message));
    }

    private static Task WriteJsonAsync(HttpContext context, object envelope)
    {
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(envelope, envelope.GetType(), context.RequestAborted);
    }
}
