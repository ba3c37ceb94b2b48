using System.Globalization;
using System.Text.Encodings.Web;
using Jarvis.Core.Security;
using Jarvis.Portal.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Jarvis.Portal.Security;

/// <summary>
/// Authenticates an API request (<c>{base}/api/...</c>, <c>{base}/__status</c>) by its <c>Authorization: Bearer</c> API
/// token (API.md section 10): the token's user, exactly as a session would give it, without a session row or a cookie.
/// A refused token leaves the request unauthenticated and its answer to <see cref="TokenRefusal"/>: 401 "Invalid or
/// expired token." for every reason, 429 while the client's address is locked by the login throttle.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenStore tokens,
    PortalCurrentUser currentUser)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "JarvisToken";

    /// <summary>The scheme every request authenticates with: it hands a request to the token scheme or the session scheme.</summary>
    public const string SelectorScheme = "Jarvis";

    private const string BearerPrefix = "Bearer ";

    /// <summary>Query parameters that scripts (and other APIs) use for tokens: refused, since a query string ends up in logs.</summary>
    private static readonly string[] TokenParameters = ["access_token", "token", "api_token"];

    /// <summary>
    /// Whether a request is the token scheme's: an API or <c>__status</c> path that carries an <c>Authorization</c>
    /// header or a token in its query string. Everything else (pages, <c>__login</c>, <c>__logout</c>) is the session's.
    /// </summary>
    public static bool Applies(HttpContext context)
    {
        var path = ApiPaths.WithoutLegacyBase(context.Request.Path);
        var tokenPath = path.StartsWithSegments("/api") || path.StartsWithSegments("/__status");
        return tokenPath && (context.Request.Headers.Authorization.Count > 0 || TokenInQuery(context.Request.Query));
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        currentUser.SetRequestUser(null);
        if (TokenInQuery(Request.Query))
        {
            // Not checked (nor counted): the token is refused for where it travelled, whatever it is.
            return TokenRefusal.Refuse(Context, new TokenCheck.Refused());
        }

        var check = await tokens.CheckAsync(BearerToken(Request.Headers.Authorization), ClientAddress.Of(Context), Context.RequestAborted);
        if (check is not TokenCheck.Accepted accepted)
        {
            return TokenRefusal.Refuse(Context, check);
        }

        currentUser.SetRequestUser(accepted.User);
        var principal = JarvisClaims.PrincipalForToken(accepted.User, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>The token of a single <c>Authorization: Bearer &lt;token&gt;</c> header; null for anything else.</summary>
    private static string? BearerToken(StringValues authorization) =>
        authorization is [{ } value] && value.Length > BearerPrefix.Length
        && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? value[BearerPrefix.Length..]
            : null;

    private static bool TokenInQuery(IQueryCollection query) =>
        query.Keys.Any(k => TokenParameters.Contains(k, StringComparer.OrdinalIgnoreCase))
        || query.Any(p => p.Value.Any(v => v is not null && v.StartsWith(ApiTokenStore.Prefix, StringComparison.OrdinalIgnoreCase)
            && v.Length == ApiTokenStore.TokenLength));
}

/// <summary>
/// The answer to a refused token, kept on the request by <see cref="ApiTokenAuthenticationHandler"/> and written by
/// the API's authorization result handler and by <c>__status</c>: the status object, never a hint of whether the token
/// ever existed.
/// </summary>
public static class TokenRefusal
{
    private static readonly object Key = new();

    internal static AuthenticateResult Refuse(HttpContext context, TokenCheck check)
    {
        context.Items[Key] = check;
        return AuthenticateResult.Fail(TokenCheck.Invalid);
    }

    /// <summary>The answer for this request's refused token; null when it came with none, or with a good one.</summary>
    public static IResult? For(HttpContext context)
    {
        switch (context.Items[Key])
        {
            case TokenCheck.Throttled throttled:
                var seconds = Math.Max(1, (int)Math.Ceiling(throttled.RetryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var minutes = Math.Max(1, (int)Math.Ceiling(throttled.RetryAfter.TotalMinutes));
                return Results.Json(StatusObject.NotLoggedIn(LoginResult.TooManyFailures(minutes)), statusCode: StatusCodes.Status429TooManyRequests);
            case TokenCheck.Refused:
                // RFC 6750: the client learns that the token is unusable, not why.
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                return Results.Json(StatusObject.NotLoggedIn(TokenCheck.Invalid), statusCode: StatusCodes.Status401Unauthorized);
            default:
                return null;
        }
    }
}
