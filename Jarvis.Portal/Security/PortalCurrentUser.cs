using Jarvis.Core.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace Jarvis.Portal.Security;

/// <summary>
/// The portal's <see cref="ICurrentUser"/>, one per DI scope. In an HTTP request the authentication handler sets the
/// user it found, once. In a Blazor circuit (no handler runs there) the session is looked up again for every page
/// action, so that a session that expired or was logged out elsewhere stops working at once; the calls of one action
/// (a table load asks three times) share one lookup (<see cref="ShareLookup"/>).
/// </summary>
public sealed class PortalCurrentUser(IServiceProvider services, SessionStore sessions) : ICurrentUser
{
    private static readonly AsyncLocal<SharedLookup?> Shared = new();

    private bool _fromRequest;
    private JarvisUser? _requestUser;

    /// <summary>
    /// Until the result is disposed, calls in this asynchronous flow share one session lookup. A page calls it at the
    /// start of an action (a load, a save); what the action awaits (Core's own checks) sees the same user.
    /// </summary>
    public static IDisposable ShareLookup()
    {
        var lookup = new SharedLookup(Shared.Value);
        Shared.Value = lookup;
        return lookup;
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

        if (Shared.Value is not { } shared)
        {
            return await LookUpAsync(cancellationToken);
        }

        if (shared.Lookup is null || shared.Lookup.IsFaulted || shared.Lookup.IsCanceled)
        {
            shared.Lookup = LookUpAsync(CancellationToken.None);
        }

        return await shared.Lookup.WaitAsync(cancellationToken);
    }

    private async Task<JarvisUser?> LookUpAsync(CancellationToken cancellationToken)
    {
        var state = services.GetService<AuthenticationStateProvider>() is { } provider ? await provider.GetAuthenticationStateAsync() : null;
        var sessionId = state?.User.FindFirst(JarvisClaims.SessionId)?.Value;
        return sessionId is null ? null : (await sessions.GetAndSlideAsync(sessionId, cancellationToken))?.User;
    }

    /// <summary>One lookup shared until disposed, which restores the one it replaced.</summary>
    private sealed class SharedLookup(SharedLookup? previous) : IDisposable
    {
        public Task<JarvisUser?>? Lookup { get; set; }

        public void Dispose() => Shared.Value = previous;
    }
}
