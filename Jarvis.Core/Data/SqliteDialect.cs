using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Data;

/// <summary>
/// SQLite: its UPPER and LIKE fold only ASCII, so folding goes through <c>JARVIS_FOLD</c>, a function that every
/// connection gets from <see cref="JarvisDatabase"/> (in queries only; the triggers and indexes of
/// <see cref="SchemaSql"/> use built-in functions, so other programs can write the file).
/// </summary>
public sealed class SqliteDialect : ISqlDialect
{
    public const string FoldFunction = "JARVIS_FOLD";

    /// <summary>The FTS5 trigram tables of <see cref="SchemaSql.SearchIndexTables"/>, queried with a quoted phrase.</summary>
    private static readonly SearchIndex TrigramIndex = new(
        "SELECT rowid FROM JARVIS_NAME_SEARCH WHERE JARVIS_NAME_SEARCH MATCH :name_key",
        "SELECT rowid FROM JARVIS_SN_SEARCH WHERE JARVIS_SN_SEARCH MATCH :sn_key",
        MinimumTermLength: 3,
        term => $"\"{term.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");

    public string Fold(string expression) => $"{FoldFunction}({expression})";

    public string FoldTerm(string term) => TextFolding.Fold(term);

    // The index ACS_CUSTOMER_NAME_ORDER_IX is on upper(NAME), SQLite's ASCII-only upper case (a trigger or index may not
    // call JARVIS_FOLD); names equal in it are ordered by the full Unicode folding, then ID.
    public string NameOrder(string alias, bool descending) => descending
        ? $"upper({alias}.NAME) DESC, {Fold($"{alias}.NAME")} DESC, {alias}.ID DESC"
        : $"upper({alias}.NAME), {Fold($"{alias}.NAME")}, {alias}.ID";

    public string NameOrderIndexHint => "INDEXED BY ACS_CUSTOMER_NAME_ORDER_IX";

    public string OrderedJoin => "CROSS JOIN";

    public SearchIndex? Index => TrigramIndex;

    // group_concat never truncates: the list is complete however many numbers a customer has.
    public string ServiceNumberList(string customerAlias) =>
        $"(SELECT group_concat(s.SN, ', ' ORDER BY LENGTH(s.SN), s.SN) FROM ACS_CUSTOMER_SN s WHERE s.CUSTOMER_ID = {customerAlias}.ID)";

    public string Paging => "LIMIT :limit OFFSET :offset";

    public string FirstRows(int rows) => $"LIMIT {rows}";

    public string NoTable => "";

    // UNION rather than UNION ALL: it stops on a cycle in the parent chain instead of looping.
    public string RecursiveCte(string name, string anchor, string step) =>
        $"WITH RECURSIVE {name} (ID) AS ({anchor} UNION {step})";

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };
}
