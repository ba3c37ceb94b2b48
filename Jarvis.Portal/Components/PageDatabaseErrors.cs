using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Components.Endpoints;

namespace Jarvis.Portal.Components;

/// <summary>
/// A page request while the database is down fails in the session check (or while prerendering), which would end in
/// a bare 500. This answers 503 with a page that says what happened and offers Retry.
/// </summary>
public sealed class PageDatabaseErrors(RequestDelegate next, ILogger<PageDatabaseErrors> logger)
{
    public const string Title = "The customer database cannot be reached";

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
        logger.LogError(failure, "Page {Path} unavailable: the database cannot be reached", context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.RetryAfter = "10";
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
                        <h1>{{Title}}</h1>
                        <p class="login-lead">Jarvis Portal is running, but its database does not answer. Nothing was lost.
                            Try again in a moment; if this keeps happening, tell your administrator.</p>
                        <a class="login-submit" href="{{retry}}">Retry</a>
                    </section>
                </main>
            </div>
            </body>
            </html>
            """, context.RequestAborted);
    }
}
