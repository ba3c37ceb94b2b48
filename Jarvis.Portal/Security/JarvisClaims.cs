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

    /// <summary>The user's groups in their stored order.</summary>
    public static IReadOnlyList<string> GroupsOf(ClaimsPrincipal principal) =>
        principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
}
