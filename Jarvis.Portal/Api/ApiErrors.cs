using System.Data.Common;
using System.Security.Claims;
using Jarvis.Core.Data;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.Authentication;

namespace Jarvis.Portal.Api;

/// <summary>
/// Keeps API and session paths free of error pages and stack traces (API.md section 5). A database that is down,
/// locked or gone (also while the session cookie is looked up) gets 503 with the envelope and is logged; the next
/// request simply tries again, so the service recovers by itself. Any other database error (a statement or the
/// schema at fault, as the dialect decides: <see cref="JarvisDatabase.Describe"/>) is logged with its code and gets
/// 502 with the envelope: the database answered, with an error that trying again will not cure. Any other failure is
/// logged and gets a bare 500 envelope, never the developer exception page.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger, JarvisDatabase database)
{
    public const string DatabaseUnavailable = "The customer database is unavailable; try again shortly.";
    public const string DatabaseFault = "The customer database refused the request; it has been logged.";
    public const string UnexpectedError = "An unexpected error occurred; it has been logged.";
    public const string NoSuchEndpoint = "No such API endpoint.";
    public const string MethodNotAllowed = "This method is not allowed here.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!SessionAuthenticationHandler.IsApiRequest(context.Request))
        {
            await next(context);
            return;
        }

        try
        {
            // Authenticate first: the handler's base class turns its exceptions into a failed result, which would
            // otherwise read as "not logged in" (401) when in truth the session store is unreachable.
            var auth = await context.AuthenticateAsync();
            if (auth.Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode is 404 or 405)
            {
                // Routing found no endpoint for this path or method: answer in JSON like every other API error.
                await AnswerAsync(context, context.Response.StatusCode,
                    context.Response.StatusCode == 404 ? NoSuchEndpoint : MethodNotAllowed);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (DbException e) when (database.Describe(e) is { IsOutage: true } outage)
        {
            logger.LogError(e, "Database unavailable ({Code}) during {Method} {Path}", outage.Code, context.Request.Method, context.Request.Path);
            await AnswerAsync(context, StatusCodes.Status503ServiceUnavailable, DatabaseUnavailable);
        }
        catch (DbException e)
        {
            logger.LogError(e, "Database error {Code} during {Method} {Path}", database.Describe(e).Code, context.Request.Method, context.Request.Path);
            await AnswerAsync(context, StatusCodes.Status502BadGateway, DatabaseFault);
        }
        catch (BadHttpRequestException e)
        {
            logger.LogInformation("Bad request {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, e.Message);
            await AnswerAsync(context, e.StatusCode, "The request could not be read.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled exception during {Method} {Path}", context.Request.Method, context.Request.Path);
            await AnswerAsync(context, StatusCodes.Status500InternalServerError, UnexpectedError);
        }
    }

    private static async Task AnswerAsync(HttpContext context, int statusCode, string message)
    {
        if (context.Response.HasStarted)
        {
            // Part of a streamed answer is out: cut the connection, so the client cannot take it for a whole one.
            context.Abort();
            return;
        }

        var allow = context.Response.Headers.Allow;
        context.Response.Clear();
        context.Response.StatusCode = statusCode;
        if (statusCode == StatusCodes.Status405MethodNotAllowed)
        {
            context.Response.Headers.Allow = allow;
        }

        context.Response.Headers.CacheControl = "no-store";
        object envelope = IsSessionEndpoint(context.Request)
            ? StatusObject.NotLoggedIn(message)
            : ApiEnvelope.RefusalFor(context.User, message);
        await context.Response.WriteAsJsonAsync(envelope, envelope.GetType(), context.RequestAborted);
    }

    private static bool IsSessionEndpoint(HttpRequest request) =>
        !ApiPaths.WithoutLegacyBase(request.Path).StartsWithSegments("/api");
}

/// <summary>Envelopes built from the authenticated principal, for answers given where no <see cref="Core.Security.JarvisUser"/> is at hand.</summary>
public static class ApiEnvelope
{
    public static Refusal RefusalFor(ClaimsPrincipal principal, string message)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return Refusal.For(null, message);
        }

        var groups = string.Join(",", principal.FindAll(ClaimTypes.Role).Select(c => c.Value));
        return new Refusal(message, 0, groups, "1", "", principal.Identity.Name ?? "");
    }
}
