using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Data;

/// <summary>
/// SQLite: its UPPER and LIKE fold only ASCII, so folding goes through <c>JARVIS_FOLD</c>, a function that every
/// connection gets from <see cref="JarvisDatabase"/>.
/// </summary>
public sealed class SqliteDialect : ISqlDialect
{
    public const string FoldFunction = "JARVIS_FOLD";

    public string Fold(string expression) => $"{FoldFunction}({expression})";

    public string FoldTerm(string term) => TextFolding.Fold(term);

    public string ServiceNumberList(string customerAlias) =>
        $"(SELECT group_concat(s.SN, ', ' ORDER BY LENGTH(s.SN), s.SN) FROM ACS_CUSTOMER_SN s WHERE s.CUSTOMER_ID = {customerAlias}.ID)";

    public string Paging => "LIMIT :limit OFFSET :offset";

    // UNION rather than UNION ALL: it stops on a cycle in the parent chain instead of looping.
    public string RecursiveCte(string name, string anchor, string step) =>
        $"WITH RECURSIVE {name} (ID) AS ({anchor} UNION {step})";

    // Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE: the writer holds the file's write lock from the start.
    public string ForUpdate => "";

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };
}
