using Jarvis.Core.Data;

namespace Jarvis.Core.Customers;

/// <summary>
/// The change feed's statements: both go through the history table's primary key (the newest ID, then the rows
/// after a known ID in ID order), so each poll reads only the new rows, never the table.
/// </summary>
public sealed class CustomerChangeSql(ISqlDialect dialect)
{
    /// <summary>How many rows one poll reads at most; a full batch is followed at once by the next.</summary>
    public const int BatchSize = 500;

    public const string NewestId = "SELECT MAX(ID) FROM JARVIS_CUSTOMER_HISTORY";

    public string RowsAfter { get; } = $"""
        SELECT ID AS Id, CUSTOMER_ID AS CustomerId, FIELD AS Field, OLD_VALUE AS OldValue, NEW_VALUE AS NewValue,
               USERNAME AS Username, CHANGED_AT AS ChangedAt, VIA AS Via
        FROM JARVIS_CUSTOMER_HISTORY
        WHERE ID > :after
        ORDER BY ID
        {dialect.FirstRows(BatchSize)}
        """;

    /// <summary>How many skipped IDs one poll looks up again (unused slots bind 0, which no row has).</summary>
    public const int GapSlots = 16;

    /// <summary>The rows with the IDs <c>:g0</c> to <c>:g15</c>, by primary key.</summary>
    public string RowsWithIds { get; } = $"""
        SELECT ID AS Id, CUSTOMER_ID AS CustomerId, FIELD AS Field, OLD_VALUE AS OldValue, NEW_VALUE AS NewValue,
               USERNAME AS Username, CHANGED_AT AS ChangedAt, VIA AS Via
        FROM JARVIS_CUSTOMER_HISTORY
        WHERE ID IN ({string.Join(", ", Enumerable.Range(0, GapSlots).Select(i => $":g{i}"))})
        ORDER BY ID
        """;
}
