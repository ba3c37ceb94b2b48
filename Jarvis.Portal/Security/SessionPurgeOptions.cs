namespace Jarvis.Portal.Security;

/// <summary>How often expired sessions are deleted; bound from <c>Jarvis:SessionPurge</c>.</summary>
public sealed class SessionPurgeOptions
{
    public const string SectionName = "Jarvis:SessionPurge";

    /// <summary>Why the portal refuses to start with a zero or negative interval (checked at start, not in the timer).</summary>
    public const string IntervalNotPositive = "Jarvis:SessionPurge:Interval must be longer than zero.";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);
}
