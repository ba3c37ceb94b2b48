using Microsoft.Extensions.Options;

namespace Jarvis.Core.Security;

/// <summary>
/// What one user may reach, as bind values for the visible-customers predicate in the SQL:
/// every customer (<see cref="SeeAll"/>), or the subtree under <see cref="RootCustomerId"/>, or nothing.
/// </summary>
public sealed record AccessScope(bool SeeAll, long? RootCustomerId, bool CanWrite)
{
    public static readonly AccessScope None = new(false, null, false);

    public bool SeesNothing => !SeeAll && RootCustomerId is null;
}

/// <summary>
/// The access rules of API.md section 3, in one place. Read: SMF users in an admin read or write group see
/// every customer; ACS users see their own customer and those below it; anyone else sees none.
/// Write: the user may read the customer and is in an admin write group (never through a read-only API token).
/// </summary>
public sealed class AccessPolicy(IOptions<SecurityOptions> options)
{
    private readonly SecurityOptions _options = options.Value;

    public AccessScope ScopeFor(JarvisUser? user)
    {
        if (user is null)
        {
            return AccessScope.None;
        }

        var inWriteGroup = InAny(user, _options.AdminWriteGroups);
        var canWrite = inWriteGroup && !user.TokenReadOnly;
        return user.Type switch
        {
            UserType.Smf when inWriteGroup || InAny(user, _options.AdminReadGroups) => new AccessScope(true, null, canWrite),
            UserType.Acs when user.OwnCustomerId is { } own => new AccessScope(false, own, canWrite),
            _ => AccessScope.None,
        };
    }

    public bool MayLogIn(JarvisUser user) => InAny(user, _options.LoginGroups);

    private static bool InAny(JarvisUser user, List<string> groups) =>
        user.Groups.Any(g => groups.Contains(g, StringComparer.Ordinal));
}
