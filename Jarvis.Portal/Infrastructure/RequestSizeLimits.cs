using Jarvis.Portal.Api;

namespace Jarvis.Portal.Infrastructure;

/// <summary>
/// The portal's own request-line and header limits (API.md section 6). Kestrel's limits are set above these
/// (<see cref="KestrelRequestLine"/>, <see cref="KestrelHeaders"/>, <see cref="KestrelHeaderCount"/>), because Kestrel
/// refuses with an empty body before any middleware runs; here an over-long request or too many header fields get 414
/// or 431 with the API's envelope, or a short text on a page.
/// </summary>
public sealed class RequestSizeLimits(RequestDelegate next, ILogger<RequestSizeLimits> logger)
{
    /// <summary>Longest request target (path and query) the portal answers: Kestrel's own default line limit.</summary>
    public const int MaxRequestTarget = 8 * 1024;

    /// <summary>Largest header set the portal answers: Kestrel's own default.</summary>
    public const int MaxHeaders = 32 * 1024;

    /// <summary>Most header fields the portal answers: Kestrel's own default count.</summary>
    public const int MaxHeaderCount = 100;

    public const int KestrelRequestLine = 64 * 1024;
    public const int KestrelHeaders = 64 * 1024;

    /// <summary>
    /// As many fields as <see cref="KestrelHeaders"/> can hold at 4 bytes the shortest (<c>a:</c> and CRLF), so that
    /// Kestrel's size limit, never its count, is the one it reaches first.
    /// </summary>
    public const int KestrelHeaderCount = KestrelHeaders / 4;

    public const string RequestLineTooLong = "The request line is too long: the address may hold at most 8 KiB.";
    public const string HeadersTooLarge = "The request headers are too large: they may hold at most 32 KiB.";
    public const string TooManyHeaders = "The request has too many header fields: it may send at most 100.";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // The raw target as sent, or (where a server keeps none, e.g. the in-memory test server) path and query.
        var target = Math.Max(
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget?.Length ?? 0,
            (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0));
        if (target > MaxRequestTarget)
        {
            logger.LogInformation("Refused a request line of {Length} characters for {Method}", target, request.Method);
            await RefuseAsync(context, StatusCodes.Status414UriTooLong, RequestLineTooLong);
            return;
        }

        var headers = request.Headers.Sum(header => header.Key.Length + 4 + header.Value.Sum(value => value?.Length ?? 0));

        if (headers > MaxHeaders)
        {
            logger.LogInformation("Refused {Length} bytes of headers for {Method} {Path}", headers, request.Method, request.Path);
            await RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, HeadersTooLarge);
            return;
        }

        var count = request.Headers.Sum(header => header.Value.Count);
        if (count > MaxHeaderCount)
        {
            logger.LogInformation("Refused {Count} header fields for {Method} {Path}", count, request.Method, request.Path);
            await RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, TooManyHeaders);
            return;
        }

        await next(context);
    }

    /// <summary>Before routing and authentication: the API's envelope on API and session paths, a short text elsewhere.</summary>
    private static async Task RefuseAsync(HttpContext context, int statusCode, string message)
    {
        if (ApiPaths.IsApiPath(context.Request.Path))
        {
            await ApiEnvelope.WriteAsync(context, context.Request.Path, statusCode, message);
            return;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted);
    }
}
