namespace Jarvis.Core.Security;

/// <summary>
/// The calling user's own API tokens, for the portal's "API tokens" page: the user comes from <see cref="ICurrentUser"/>
/// only, so nobody reaches another user's tokens. A request that itself came with a token manages none.
/// </summary>
public sealed class OwnApiTokens(ApiTokenStore store, ICurrentUser currentUser)
{
    public const string NotLoggedIn = "Log in to manage your API tokens.";

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        await CallerAsync(cancellationToken) is { } user ? await store.ListAsync(user.Id, cancellationToken) : [];

    public async Task<ApiTokenResult> CreateAsync(string name, bool readOnly, int? expiresInDays, CancellationToken cancellationToken = default) =>
        await CallerAsync(cancellationToken) is { } user
            ? await store.CreateAsync(user.Id, name, readOnly, expiresInDays, cancellationToken)
            : new ApiTokenResult.Refused(NotLoggedIn);

    /// <summary>Revokes the caller's live token of that name; false when there is none (or no caller).</summary>
    public async Task<bool> RevokeAsync(string name, CancellationToken cancellationToken = default) =>
        await CallerAsync(cancellationToken) is { } user && await store.RevokeAsync(user.Id, name, cancellationToken);

    private async Task<JarvisUser?> CallerAsync(CancellationToken cancellationToken) =>
        await currentUser.GetUserAsync(cancellationToken) is { TokenName: null } user ? user : null;
}
