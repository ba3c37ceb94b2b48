using System.Data.Common;
using Jarvis.Core.Data;
using Jarvis.Portal.Api;
using Jarvis.Portal.Components;
using Jarvis.Portal.Components.Pages;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jarvis.Portal.Infrastructure;

/// <summary>
/// Turns an exception into an answer, for every environment (API.md section 5: no 500 page, no stack trace):
/// <list type="bullet">
/// <item>a database outage (<see cref="DatabaseError.IsOutageError"/>, also while the session cookie is looked up): 503 with the
/// API's envelope on API and session paths, the portal's "cannot be reached" page with Retry elsewhere;</item>
/// <item>any other database error (a statement or the schema at fault; Core's dialect decides): logged with its code,
/// 502 with the envelope or the portal's "refused" page: the database answered, with an error a retry will not cure;</item>
/// <item>an unreadable request (<see cref="BadHttpRequestException"/>) on an API path: its status with the envelope;</item>
/// <item>anything else on an API path: 500 with the envelope;</item>
/// <item>anything else on a page: not handled here, so the framework re-executes <c>/error</c>.</item>
/// </list>
/// The framework logs nothing for an exception a handler took, so this logs each one itself.
/// </summary>
public sealed class JarvisExceptionHandler(ILogger<JarvisExceptionHandler> logger) : IExceptionHandler
{
    public const string UnexpectedError = "An unexpected error occurred; it has been logged.";
    public const string UnreadableRequest = "The request could not be read.";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // With a handling path set, the request already points there: the feature keeps the path that failed.
        var request = context.Request;
        var path = new PathString(context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? request.Path);
        var api = ApiPaths.IsApiPath(path);
        if (exception is DbException db)
        {
            var error = DatabaseError.Of(db, context.RequestAborted.IsCancellationRequested);
            if (error.IsCancelled)
            {
                // The client went away and its statement was stopped for it: no outage, and nobody to answer.
                logger.LogInformation("Request {Method} {Path} cancelled by the client ({Code})", request.Method, path, error.Code);
                return true;
            }

            logger.LogError(exception, "Database {Kind} {Code} during {Method} {Path}",
                error.IsOutage ? "unavailable" : "error", error.Code, request.Method, path);
            var status = error.IsOutage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway;
            await (api
                ? ApiEnvelope.WriteAsync(context, path, status, error.IsOutage ? DatabaseOutage.ApiMessage : DatabaseOutage.FaultApiMessage)
                : WritePageAsync(context, path, error.IsOutage));
            return true;
        }

        if (!api)
        {
            return false;
        }

        if (exception is BadHttpRequestException bad)
        {
            logger.LogInformation("Bad request {Method} {Path}: {Reason}", request.Method, path, bad.Message);
            await ApiEnvelope.WriteAsync(context, path, bad.StatusCode, UnreadableRequest);
        }
        else
        {
            logger.LogError(exception, "Unhandled exception during {Method} {Path}", request.Method, path);
            await ApiEnvelope.WriteAsync(context, path, StatusCodes.Status500InternalServerError, UnexpectedError);
        }

        return true;
    }

    /// <summary>The portal's error page (Error.razor, in the whole App) saying what happened, with Retry (the same address).</summary>
    private static Task WritePageAsync(HttpContext context, PathString path, bool outage)
    {
        var (title, lead) = outage
            ? (DatabaseOutage.Title, $"Jarvis Portal is running, but its database does not answer. {DatabaseOutage.Advice}")
            : (DatabaseOutage.FaultTitle, "Jarvis Portal is running, but its database refused this request. Nothing was changed. The error has been logged; tell your administrator.");
        context.Response.Headers.CacheControl = "no-store";
        if (outage)
        {
            context.Response.Headers.RetryAfter = "10";
        }

        var retry = context.Request.PathBase + path + context.Request.QueryString;
        context.Items[Error.Content.Key] = new Error.Content("Unavailable", title, lead, retry, "Retry", Alert: true);
        return new RazorComponentResult<App>(new { StaticPage = typeof(Error) })
        {
            StatusCode = outage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
        }.ExecuteAsync(context);
    }
}
