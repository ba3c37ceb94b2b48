using System.Collections.Concurrent;
using Jarvis.Core.Data;

namespace Jarvis.Core.Customers;

/// <summary>
/// What every <see cref="CustomerService"/> of one database shares, registered once (a singleton): the customer SQL of
/// its dialect, each statement built once per shape, and the plan hints learned from its data. A hint only chooses a
/// plan: a stale one costs speed, never results.
/// </summary>
public sealed class CustomerStatements(JarvisDatabase database)
{
    internal CustomerSql Sql { get; } = new(database.Dialect);

    /// <summary>Rows per indexed piece, capped; for choosing which pieces of a term to look up.</summary>
    internal ConcurrentDictionary<string, long> PieceRows { get; } = new();

    /// <summary>Matches of recent terms for every customer (up to 1,001), from the portal's count: whether to walk or sort.</summary>
    internal ConcurrentDictionary<string, long> RecentCounts { get; } = new();
}
