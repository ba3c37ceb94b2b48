namespace Jarvis.Portal.Security;

/// <summary>How often expired sessions are deleted; bound from <c>Jarvis:SessionPurge</c>.</summary>
public sealed class SessionPurgeOptions
{
    public const string SectionName = "Jarvis:SessionPurge";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);
}
