using Jarvis.Core.Data;

namespace Jarvis.Portal.Infrastructure;

/// <summary>
/// While the embedded database file the portal started with is gone from its path (deleted or replaced), every
/// request answers 503, pages and static files included (API.md section 6): the database's own outage, thrown here
/// before anything else runs, so that <see cref="JarvisExceptionHandler"/> answers it as it answers any outage.
/// </summary>
public sealed class DatabaseFileCheck(RequestDelegate next, JarvisDatabase database)
{
    public Task InvokeAsync(HttpContext context)
    {
        database.EnsureFileIntact();
        return next(context);
    }
}
