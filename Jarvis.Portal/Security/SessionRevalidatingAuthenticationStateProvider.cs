using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Jarvis.Portal.Security;

/// <summary>
/// A circuit's authentication state comes from the request that opened it; this checks every minute that its session
/// is still live (without sliding it), so that a page left open after the session expired or was logged out
/// elsewhere turns anonymous. Core still checks the session on every call; this only keeps the layout honest.
/// While the database cannot be reached the state is kept: an outage is not a logout.
/// </summary>
public sealed class SessionRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, SessionStore sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var sessionId = authenticationState.User.FindFirst(JarvisClaims.SessionId)?.Value;
        try
        {
            return sessionId is not null && await sessions.IsLiveAsync(sessionId, cancellationToken);
        }
        catch (Exception e) when (DatabaseError.IsOutageError(e))
        {
            return true;
        }
    }
}
