namespace Jarvis.Core.Customers;

/// <summary>Where a change came from, as stored in JARVIS_CUSTOMER_HISTORY.VIA: the HTTP API or the portal's pages.</summary>
public enum ChangeChannel
{
    Api,
    Portal,
}

/// <summary>One changed field of one change, as JARVIS_CUSTOMER_HISTORY holds it. <see cref="ChangedAt"/> is UTC, to the second.</summary>
public sealed record CustomerHistoryEntry(
    DateTimeOffset ChangedAt, string Username, CustomerField Field, string? Old, string? New, ChangeChannel Via)
{
    /// <summary>The name of the API token the change came with; null for a change made in a session.</summary>
    public string? TokenName { get; init; }
}
