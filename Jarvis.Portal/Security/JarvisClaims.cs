using System.Globalization;
using System.Security.Claims;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Security;

/// <summary>
/// The user as the session scheme puts it in the principal, once per request: name, groups (as roles), type, own
/// customer and the session id. The portal's layout reads these from the cascaded authentication state.
/// </summary>
public static class JarvisClaims
{
    public const string SessionId = "jarvis:sid";
    public const string UserType = "jarvis:type";
    public const string CustomerId = "jarvis:customer";
    public const string TokenName = "jarvis:token";
    public const string TokenReadOnly = "jarvis:token-read-only";

    public static ClaimsPrincipal PrincipalFor(JarvisUser user, string sessionId, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Username),
            new(UserType, user.Type.ToString()),
            new(SessionId, sessionId),
        };
        if (user.OwnCustomerId is { } customerId)
        {
            claims.Add(new Claim(CustomerId, customerId.ToString(CultureInfo.InvariantCulture)));
        }

        claims.AddRange(user.Groups.Select(g => new Claim(ClaimTypes.Role, g)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The user of an API token: the same claims as a session's, the token's name instead of a session id.</summary>
    public static ClaimsPrincipal PrincipalForToken(JarvisUser user, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Username),
            new(UserType, user.Type.ToString()),
            new(TokenName, user.TokenName ?? ""),
        };
        if (user.TokenReadOnly)
        {
            claims.Add(new Claim(TokenReadOnly, "true"));
        }

        if (user.OwnCustomerId is { } customerId)
        {
            claims.Add(new Claim(CustomerId, customerId.ToString(CultureInfo.InvariantCulture)));
        }

        claims.AddRange(user.Groups.Select(g => new Claim(ClaimTypes.Role, g)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>True when the request came with a read-only API token.</summary>
    public static bool IsReadOnlyToken(ClaimsPrincipal principal) => principal.HasClaim(TokenReadOnly, "true");

    /// <summary>The user's groups in their stored order.</summary>
    public static IReadOnlyList<string> GroupsOf(ClaimsPrincipal principal) =>
        principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
}
