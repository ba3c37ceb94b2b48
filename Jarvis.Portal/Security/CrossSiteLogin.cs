namespace Jarvis.Portal.Security;

/// <summary>
/// Login CSRF guard (API.md section 6): a browser posting a login from another site says so in
/// <c>Sec-Fetch-Site: cross-site</c> or in an <c>Origin</c> that is not ours. Scripts send neither and pass.
/// </summary>
public static class CrossSiteLogin
{
    public const string Refused = "Cross-site login refused.";

    public static bool IsCrossSite(HttpRequest request) =>
        string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase)
        || (request.Headers.ContainsKey("Origin") && !IsOwnOrigin(request, request.Headers.Origin.ToString()));

    /// <summary>Scheme, host and port of <paramref name="origin"/> equal the request's own (default ports spelled or not).</summary>
    private static bool IsOwnOrigin(HttpRequest request, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var theirs) || theirs.AbsolutePath != "/" || !request.Host.HasValue
            || !Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var ours))
        {
            return false;
        }

        return string.Equals(theirs.Scheme, ours.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(theirs.IdnHost, ours.IdnHost, StringComparison.OrdinalIgnoreCase)
            && theirs.Port == ours.Port;
    }
}
