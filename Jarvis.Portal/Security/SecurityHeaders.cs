using System.Security.Cryptography;

namespace Jarvis.Portal.Security;

/// <summary>
/// The headers of API.md section 6 on every response (pages, API, static files, error answers): nosniff,
/// Referrer-Policy, a Content-Security-Policy with a per-request script nonce, no <c>Server</c>, <c>Cache-Control:
/// no-store</c> on everything but static assets, HSTS over HTTPS outside Development. It also turns an absolute
/// <c>Location</c> to this host into a relative one, so that no redirect ever repeats the request's Host header.
/// </summary>
/// <remarks>
/// Styles need <c>'unsafe-inline'</c>: MudBlazor writes its theme into a <c>&lt;style&gt;</c> element at run time
/// and sets <c>style</c> attributes on its components. Scripts do not: the only inline script, the import map,
/// carries the nonce.
/// </remarks>
public sealed class SecurityHeaders(RequestDelegate next, IHostEnvironment environment)
{
    private const string NonceKey = "jarvis:csp-nonce";

    private static readonly string[] StaticAssetTypes = ["text/css", "text/javascript", "application/javascript", "image/", "font/"];

    /// <summary>The nonce this request's CSP allows for inline scripts (the import map); empty where no CSP was set.</summary>
    public static string NonceOf(HttpContext context) => context.Items[NonceKey] as string ?? "";

    public static string PolicyFor(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self'; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            Apply(context, nonce);
            return Task.CompletedTask;
        });
        return next(context);
    }

    private void Apply(HttpContext context, string nonce)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = PolicyFor(nonce);
        headers.Remove("Server");
        if (!IsStaticAsset(context.Response.ContentType))
        {
            headers.CacheControl = "no-store";
            headers.Remove("Pragma");
        }

        if (context.Request.IsHttps && !environment.IsDevelopment())
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }

        if (RelativeLocation(context.Request, headers.Location.ToString()) is { } relative)
        {
            headers.Location = relative;
        }
    }

    /// <summary>Stylesheets, scripts, images and fonts keep the caching the static-asset middleware gave them.</summary>
    private static bool IsStaticAsset(string? contentType) => contentType is not null
        && StaticAssetTypes.Any(type => contentType.StartsWith(type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The path, query and fragment of an absolute URL on the request's own host; null for anything else.</summary>
    private static string? RelativeLocation(HttpRequest request, string location)
    {
        if (location.Length == 0 || !Uri.TryCreate(location, UriKind.Absolute, out var target)
            || target.Scheme is not ("http" or "https")
            || !string.Equals(target.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var relative = target.PathAndQuery + target.Fragment;
        // "//x" or "/\x" would read as another host once relative.
        return relative.Length > 1 && relative[1] is '/' or '\\' ? "/" : relative;
    }
}
