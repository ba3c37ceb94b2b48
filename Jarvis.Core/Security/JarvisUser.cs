namespace Jarvis.Core.Security;

/// <summary>The kind of account: an operator of the telco (SMF) or a user who belongs to one ACS customer.</summary>
public enum UserType
{
    Smf,
    Acs,
}

/// <summary>
/// A logged-in user as Core sees it. <see cref="OwnCustomerId"/> is set for ACS users only and roots
/// the part of the customer tree they may see.
/// </summary>
public sealed record JarvisUser(long Id, string Username, UserType Type, long? OwnCustomerId, IReadOnlyList<string> Groups)
{
    /// <summary>The groups joined with commas, as the original's <c>group_list</c>.</summary>
    public string GroupList => string.Join(",", Groups);

    /// <summary>
    /// The name of the API token this request came with; null for a session. History rows record it beside
    /// <c>via</c> <c>api</c>, so that a script's change can be told from its owner's.
    /// </summary>
    public string? TokenName { get; init; }

    /// <summary>True for a read-only API token: the user's write groups grant no write (see <see cref="AccessPolicy"/>).</summary>
    public bool TokenReadOnly { get; init; }
}

/// <summary>
/// Who is calling. Core takes the caller only from here, never from a request body or page parameter.
/// Returns null when there is no live session.
/// </summary>
public interface ICurrentUser
{
    ValueTask<JarvisUser?> GetUserAsync(CancellationToken cancellationToken = default);
}
