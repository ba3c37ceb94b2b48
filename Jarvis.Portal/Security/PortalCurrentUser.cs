using Jarvis.Core.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace Jarvis.Portal.Security;

/// <summary>
/// The portal's <see cref="ICurrentUser"/>, one per DI scope. In an HTTP request the authentication handler sets the
/// user it found, once. In a Blazor circuit (no handler runs there) the session of the circuit's authentication state
/// is looked up again for every page action, so that a session that expired or was logged out elsewhere stops working
/// at once; the calls of an action share one lookup (<see cref="BeginAction"/>).
/// </summary>
public sealed class PortalCurrentUser(IServiceProvider services, SessionStore sessions) : ICurrentUser
{
    private readonly Lock _gate = new();
    private bool _fromRequest;
    private JarvisUser? _requestUser;
    private int _actions;
    private Lazy<Task<JarvisUser?>>? _lookup;

    /// <summary>
    /// Until the result is disposed, the circuit's calls share one lookup: the one in flight, or else a new one. With no
    /// action open, every call looks the session up on its own.
    /// </summary>
    public IDisposable BeginAction()
    {
        lock (_gate)
        {
            _actions++;
            if (_lookup is { IsValueCreated: true, Value.IsCompleted: true })
            {
                _lookup = null;
            }
        }

        return new ActionEnd(this);
    }

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

        Lazy<Task<JarvisUser?>>? shared;
        lock (_gate)
        {
            // Started outside the lock: a SQLite lookup completes synchronously.
            shared = _actions == 0 ? null : _lookup ??= new(() => LookUpAsync(CancellationToken.None));
        }

        return shared is null ? await LookUpAsync(cancellationToken) : await shared.Value.WaitAsync(cancellationToken);
    }

    private async Task<JarvisUser?> LookUpAsync(CancellationToken cancellationToken)
    {
        var state = services.GetService<AuthenticationStateProvider>() is { } provider ? await provider.GetAuthenticationStateAsync() : null;
        var sessionId = state?.User.FindFirst(JarvisClaims.SessionId)?.Value;
        return sessionId is null ? null : (await sessions.GetAndSlideAsync(sessionId, cancellationToken))?.User;
    }

    private sealed class ActionEnd(PortalCurrentUser owner) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                if (--owner._actions == 0)
                {
                    owner._lookup = null;
                }
            }
        }
    }
}
