using Jarvis.Core.Data;
using Jarvis.Portal.Api;

namespace Jarvis.Portal.Security;

/// <summary>
/// While the embedded database file the portal started with is gone from its path (deleted or replaced), every
/// request answers 503, pages and static files included (API.md section 6); the guard logs the error once.
/// </summary>
public sealed class DatabaseFileCheck(RequestDelegate next, JarvisDatabase database)
{
    public const string Unavailable = "The customer database is unavailable; try again shortly.";

    public Task InvokeAsync(HttpContext context)
    {
        if (database.IsFileIntact())
        {
            return next(context);
        }

        context.Response.Headers.RetryAfter = "10";
        return EarlyRefusal.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, Unavailable);
    }
}
