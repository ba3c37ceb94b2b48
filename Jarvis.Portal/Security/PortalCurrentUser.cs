using Jarvis.Core.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace Jarvis.Portal.Security;

/// <summary>
/// The portal's <see cref="ICurrentUser"/>, one per DI scope. In an HTTP request the authentication handler sets the user
/// it found. In a Blazor circuit (no handler runs there) the session is looked up again on every call, so that a
/// session that expired or was logged out elsewhere stops working at once.
/// </summary>
public sealed class PortalCurrentUser(IServiceProvider services, SessionStore sessions) : ICurrentUser
{
    private bool _fromRequest;
    private JarvisUser? _requestUser;

    public void SetRequestUser(JarvisUser? user)
    {
        _fromRequest = true;
        _requestUser = user;
    }

    public async ValueTask<JarvisUser?> GetUserAsync(CancellationToken cancellationToken = default)
    {
        if (_fromRequest)
        {
            return _requestUser;
        }

        var authState = services.GetService<AuthenticationStateProvider>();
        if (authState is null)
        {
            return null;
        }

        var state = await authState.GetAuthenticationStateAsync();
        var sessionId = state.User.FindFirst(SessionAuthenticationHandler.SessionIdClaim)?.Value;
        return sessionId is null ? null : (await sessions.GetAndSlideAsync(sessionId, cancellationToken))?.User;
    }
}
