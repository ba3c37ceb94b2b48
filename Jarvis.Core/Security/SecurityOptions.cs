namespace Jarvis.Core.Security;

/// <summary>
/// The group lists of API.md section 3 and the session lifetime; all configuration, bound from <c>Jarvis:Security</c>.
/// A list a site configures replaces its default (<see cref="ApplyDefaults"/> runs after binding and fills only the
/// lists configuration left empty): the binder adds to a list that already holds items, so the lists start empty.
/// </summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Jarvis:Security";

    public static IReadOnlyList<string> DefaultAdminReadGroups { get; } = ["ACS_BOSS_READ", "AcsPermissionLevel6", "AcsPermissionLevel7"];

    public static IReadOnlyList<string> DefaultAdminWriteGroups { get; } = ["ACS_BOSS", "ACS_BOSS_WRITE", "AcsPermissionLevel6", "AcsPermissionLevel7"];

    public static IReadOnlyList<string> DefaultLoginGroups { get; } =
    [
        "Subscriber Admin", "ACS_BOSS", "ACS_BOSS_READ", "ACS_BOSS_WRITE", "ACS_READ", "ACS_WRITE",
        "AcsPermissionLevel1", "AcsPermissionLevel2", "AcsPermissionLevel3", "AcsPermissionLevel4",
        "AcsPermissionLevel5", "AcsPermissionLevel6", "AcsPermissionLevel7",
    ];

    /// <summary>SMF users in one of these groups read every customer.</summary>
    public List<string> AdminReadGroups { get; set; } = [];

    /// <summary>Users in one of these groups may change the customers they may read (and SMF users in them read all).</summary>
    public List<string> AdminWriteGroups { get; set; } = [];

    /// <summary>Only users in one of these groups may log in.</summary>
    public List<string> LoginGroups { get; set; } = [];

    /// <summary>
    /// Idle expiry of a session; an authenticated request slides it, writing at most once a minute, so a session ends up
    /// to a minute early and a timeout under a minute never slides (docs/DECISIONS.md).
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>The original accepted credentials in the query string; we refuse them unless this is on.</summary>
    public bool AllowQueryStringCredentials { get; set; }

    /// <summary>Fills each group list that is still empty with its default; a list that holds groups is kept as it is.</summary>
    public SecurityOptions ApplyDefaults()
    {
        if (AdminReadGroups.Count == 0)
        {
            AdminReadGroups = [.. DefaultAdminReadGroups];
        }

        if (AdminWriteGroups.Count == 0)
        {
            AdminWriteGroups = [.. DefaultAdminWriteGroups];
        }

        if (LoginGroups.Count == 0)
        {
            LoginGroups = [.. DefaultLoginGroups];
        }

        return this;
    }

    /// <summary>The lists in force, one line each, for the start log and <c>doctor</c>.</summary>
    public IEnumerable<(string Setting, IReadOnlyList<string> Groups)> GroupLists() =>
    [
        ($"{SectionName}:{nameof(AdminReadGroups)}", AdminReadGroups),
        ($"{SectionName}:{nameof(AdminWriteGroups)}", AdminWriteGroups),
        ($"{SectionName}:{nameof(LoginGroups)}", LoginGroups),
    ];
}
