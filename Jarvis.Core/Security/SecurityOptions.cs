namespace Jarvis.Core.Security;

/// <summary>The group lists of API.md section 3 and the session lifetime; all configuration, bound from <c>Jarvis:Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Jarvis:Security";

    /// <summary>SMF users in one of these groups read every customer.</summary>
    public List<string> AdminReadGroups { get; set; } = ["ACS_BOSS_READ", "AcsPermissionLevel6", "AcsPermissionLevel7"];

    /// <summary>Users in one of these groups may change the customers they may read (and SMF users in them read all).</summary>
    public List<string> AdminWriteGroups { get; set; } = ["ACS_BOSS", "ACS_BOSS_WRITE", "AcsPermissionLevel6", "AcsPermissionLevel7"];

    /// <summary>Only users in one of these groups may log in.</summary>
    public List<string> LoginGroups { get; set; } =
    [
        "Subscriber Admin", "ACS_BOSS", "ACS_BOSS_READ", "ACS_BOSS_WRITE", "ACS_READ", "ACS_WRITE",
        "AcsPermissionLevel1", "AcsPermissionLevel2", "AcsPermissionLevel3", "AcsPermissionLevel4",
        "AcsPermissionLevel5", "AcsPermissionLevel6", "AcsPermissionLevel7",
    ];

    /// <summary>
    /// Idle expiry of a session; an authenticated request slides it, writing at most once a minute, so a session ends up
    /// to a minute early and a timeout under a minute never slides (docs/DECISIONS.md).
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>The original accepted credentials in the query string; we refuse them unless this is on.</summary>
    public bool AllowQueryStringCredentials { get; set; }
}
