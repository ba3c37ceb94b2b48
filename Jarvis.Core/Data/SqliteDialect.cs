using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Data;

/// <summary>
/// SQLite: its UPPER and LIKE fold only ASCII, so folding goes through <c>JARVIS_FOLD</c>, a function that every
/// connection gets in <see cref="PrepareConnectionAsync"/>.
/// </summary>
public sealed class SqliteDialect : ISqlDialect
{
    public const string FoldFunction = "JARVIS_FOLD";

    // Busy, locked, read-only, I/O, corrupt, full, cannot open, lock protocol, not a database: the file is out of reach.
    private static readonly HashSet<int> OutageCodes = [5, 6, 8, 10, 11, 13, 14, 15, 26];

    public string Fold(string expression) => $"{FoldFunction}({expression})";

    public string FoldTerm(string term) => TextFolding.Fold(term);

    public string ServiceNumberList(string customerAlias) =>
        $"(SELECT group_concat(s.SN, ', ' ORDER BY LENGTH(s.SN), s.SN) FROM ACS_CUSTOMER_SN s WHERE s.CUSTOMER_ID = {customerAlias}.ID)";

    public string Paging => "LIMIT :limit OFFSET :offset";

    // UNION rather than UNION ALL: it stops on a cycle in the parent chain instead of looping.
    public string RecursiveCte(string name, string anchor, string step) =>
        $"WITH RECURSIVE {name} (ID) AS ({anchor} UNION {step})";

    // Microsoft.Data.Sqlite's command timeout is also how long it waits for a lock: keep the connection string's.
    public int DefaultCommandTimeout(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DefaultTimeout;

    public LengthSemantics DefaultLengthSemantics => LengthSemantics.Char;

    public async Task PrepareConnectionAsync(DbConnection connection, int commandTimeout, CancellationToken cancellationToken)
    {
        var sqlite = connection as SqliteConnection
            ?? throw new InvalidOperationException($"The SQLite dialect needs a SqliteConnection, not {connection.GetType().Name}.");
        sqlite.CreateFunction<string?, string?>(FoldFunction, s => s is null ? null : TextFolding.Fold(s), isDeterministic: true);
        // Foreign keys are per connection in SQLite.
        await connection.ExecuteAsync(new CommandDefinition(
            "PRAGMA foreign_keys = ON", commandTimeout: commandTimeout, cancellationToken: cancellationToken));
    }

    // Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE: the writer holds the file's write lock from the start.
    public string ForUpdate => "";

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    public bool IsOutage(DbException exception) =>
        exception is SqliteException e && OutageCodes.Contains(e.SqliteErrorCode);

    public string ErrorCode(DbException exception) => exception is SqliteException e
        ? $"SQLITE ({e.SqliteErrorCode}/{e.SqliteExtendedErrorCode})"
        : exception.GetType().Name;

    // The embedded schema checks lengths in characters, as CustomerRules does; a CHECK failure is no length refusal here.
    public string? ValueTooLongColumn(DbException exception) => null;
}
