using System.Diagnostics;
using Jarvis.Portal.Security;

namespace Jarvis.Portal.Infrastructure;

/// <summary>
/// One log line per request: method, path (never the query string, which may carry search terms or, on the legacy
/// login, credentials), status, elapsed time, trace id, user name and, for an API token, its name. No header, cookie or body is logged.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    public const string Category = "Jarvis.Requests";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (context.User.FindFirst(JarvisClaims.TokenName)?.Value is { } tokenName)
            {
                // The token's name, never the token.
                _logger.LogInformation(
                    "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms for {UserName} with token {TokenName} (trace {TraceId})",
                    context.Request.Method,
                    (context.Request.PathBase + context.Request.Path).ToString(),
                    context.Response.StatusCode,
                    elapsed,
                    context.User.Identity?.Name ?? "",
                    tokenName,
                    Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
            }
            else
            {
                _logger.LogInformation(
                    "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms for {UserName} (trace {TraceId})",
                    context.Request.Method,
                    (context.Request.PathBase + context.Request.Path).ToString(),
                    context.Response.StatusCode,
                    elapsed,
                    context.User.Identity?.Name ?? "",
                    Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
            }
        }
    }
}
