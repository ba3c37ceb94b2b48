using System.Data.Common;
using System.Net;
using Jarvis.Core.Data;
using Microsoft.AspNetCore.Components.Endpoints;

namespace Jarvis.Portal.Components;

/// <summary>
/// A page request while the database is down fails in the session check (or while prerendering), which would end in
/// a bare 500. This answers 503 with a page that says what happened and offers Retry; a database error that is no
/// outage (<see cref="JarvisDatabase.Describe"/>) gets 502 and its own title, and is logged with its code.
/// </summary>
public sealed class PageDatabaseErrors(RequestDelegate next, ILogger<PageDatabaseErrors> logger, JarvisDatabase database)
{
    public const string Title = "The customer database cannot be reached";
    public const string FaultTitle = "The customer database refused the request";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (DbException failure) when (!context.Response.HasStarted)
        {
            await AnswerAsync(context, failure);
        }
    }

    private async Task AnswerAsync(HttpContext context, DbException failure)
    {
        var error = database.Describe(failure);
        logger.LogError(failure, "Page {Path} failed: database error {Code}, outage {IsOutage}", context.Request.Path, error.Code, error.IsOutage);
        var title = error.IsOutage ? Title : FaultTitle;
        context.Response.StatusCode = error.IsOutage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.RetryAfter = "10";
        var lead = error.IsOutage
            ? "Jarvis Portal is running, but its database does not answer. Nothing was lost. Try again in a moment; if this keeps happening, tell your administrator."
            : "Jarvis Portal is running, but its database refused this request. Nothing was changed. The error has been logged; tell your administrator.";
        var retry = WebUtility.HtmlEncode(context.Request.PathBase + context.Request.Path + context.Request.QueryString);
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1.0" />
                <meta name="color-scheme" content="light dark" />
                <title>Unavailable · Jarvis Portal</title>
                <link href="/app.css" rel="stylesheet" />
            </head>
            <body>
            <div class="login-page">
                <main class="login-shell">
                    <section class="login-card" role="alert">
                        <h1>{{title}}</h1>
                        <p class="login-lead">{{lead}}</p>
                        <a class="login-submit" href="{{retry}}">Retry</a>
                    </section>
                </main>
            </div>
            </body>
            </html>
            """, context.RequestAborted);
    }
}
