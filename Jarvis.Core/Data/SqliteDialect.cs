using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Data;

/// <summary>
/// SQLite: its UPPER and LIKE fold only ASCII, so folding goes through <c>JARVIS_FOLD</c>, a function that every
/// connection gets in <see cref="PrepareConnectionAsync"/> (in queries only; the triggers and indexes of
/// <see cref="SchemaSql"/> use built-in functions, so other programs can write the file).
/// </summary>
public sealed class SqliteDialect : ISqlDialect
{
    public const string FoldFunction = "JARVIS_FOLD";

    /// <summary>
    /// The FTS5 trigram tables of <see cref="SchemaSql.SearchIndexTables"/>, queried with a quoted phrase, plus the rows
    /// written but not folded into them yet (<see cref="SchemaSql.SearchIndexPendingTables"/>; none most of the time): a pending
    /// row is a candidate whatever its name, and the exact test decides. A pending name that also matches in FTS5 (a
    /// rename within the term) is left out of the second half, so each customer comes once; that second match is read
    /// only when rows are pending.
    /// </summary>
    private static readonly SearchIndex TrigramIndex = new(
        """
        SELECT rowid AS ID FROM JARVIS_NAME_SEARCH WHERE JARVIS_NAME_SEARCH MATCH :name_key
        UNION ALL
        SELECT ID FROM JARVIS_NAME_PENDING
        WHERE ID NOT IN (SELECT rowid FROM JARVIS_NAME_SEARCH WHERE JARVIS_NAME_SEARCH MATCH :name_key)
        """,
        """
        SELECT rowid AS ID FROM JARVIS_SN_SEARCH WHERE JARVIS_SN_SEARCH MATCH :sn_key
        UNION ALL
        SELECT ID FROM JARVIS_SN_PENDING
        """,
        MinimumTermLength: 3,
        Quote)
    {
        NumberCandidateColumn = "ID",
        NameProbe = "SELECT COUNT(*) FROM (SELECT 1 FROM JARVIS_NAME_SEARCH WHERE JARVIS_NAME_SEARCH MATCH :name_key LIMIT :cap)",
        NumberProbe = "SELECT COUNT(*) FROM (SELECT 1 FROM JARVIS_SN_SEARCH WHERE JARVIS_SN_SEARCH MATCH :sn_key LIMIT :cap)",
        KeyOfPieces = pieces => string.Join(" AND ", pieces.Select(Quote)),
        RarePiece = RarePiece,
        CommonPiece = CommonPiece,
    };

    /// <summary>
    /// Pieces are counted up to this many rows; one in this many or more is common, and a key leaves it out when the term
    /// has rarer ones (a 3-digit piece is in about 20,000 of 2.5 million numbers, "800" in 850,000).
    /// </summary>
    public const int CommonPiece = 50_000;

    /// <summary>
    /// Pieces are first counted up to this many rows only: counting a word's piece to <see cref="CommonPiece"/> costs
    /// about 5 ms at 1,000,000 customers, and a new name has a dozen such pieces. When three or more pieces of a part are
    /// rarer than this, they make its key; else its pieces are counted again, up to <see cref="CommonPiece"/>.
    /// </summary>
    public const int RarePiece = 5_000;

    // Busy, locked, read-only, I/O, corrupt, full, cannot open, lock protocol, not a database: the file is out of reach.
    private static readonly HashSet<int> OutageCodes = [5, 6, 8, 10, 11, 13, 14, 15, 26];

    public string Fold(string expression) => $"{FoldFunction}({expression})";

    // An FTS5 string: every character literal, a double quote doubled. With the trigram tokenizer it matches the text
    // anywhere, case-insensitively.
    private static string Quote(string text) => $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public string FoldTerm(string term) => TextFolding.Fold(term);

    public string Contains(string column, string term) => $"INSTR({column}, {term}) > 0";

    public DbProviderFactory ProviderFactory() => SqliteFactory.Instance;

    string ISqlDialect.ConnectionString(string configured) => ConnectionString(configured);

    public bool Raised(DbException exception) => exception is SqliteException;

    // Exactly INSTR(JARVIS_FOLD(x), term), without calling into .NET for the usual name: for ASCII text the full
    // folding (NFC, invariant upper case) is SQLite's upper().
    public string FoldedContains(string column, string foldedTerm) =>
        $"INSTR(CASE WHEN {NotAscii(column)} THEN {Fold(column)} ELSE upper({column}) END, {foldedTerm}) > 0";

    // A text holds a character outside ASCII (or a NUL, which length() stops at) exactly when it has more bytes than
    // characters: two loops over the bytes in C, far cheaper than a GLOB pattern on every name a search tests.
    private static string NotAscii(string column) => $"length({column}) <> length(CAST({column} AS BLOB))";

    // SQLite's ASCII-only upper case, as the order indexes are built (an index may not call JARVIS_FOLD). Two texts
    // equal in it differ only in ASCII case, so they are equal folded too: no further key would order them.
    public string OrderKey(string expression) => $"upper({expression})";

    public string NameOrderIndexHint => "INDEXED BY ACS_CUSTOMER_NAME_ORDER_IX";

    public string ReferenceOrderIndexHint => "INDEXED BY ACS_CUSTOMER_REFERENCE_ORDER_IX";

    // With an ORDER BY the name-order index gives, SQLite would otherwise walk it for a term with no match at all,
    // reading every customer through the index (three times the cost of a scan).
    public string SortMatchesHint => "NOT INDEXED";

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

    // Microsoft.Data.Sqlite's command timeout is also how long it waits for a lock: keep the connection string's.
    public int DefaultCommandTimeout(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DefaultTimeout;

    public LengthSemantics DefaultLengthSemantics => LengthSemantics.Char;

    /// <summary>
    /// The configured connection string with foreign keys on, whatever it said: SQLite's are off unless each connection
    /// turns them on, which Microsoft.Data.Sqlite then does at every open.
    /// </summary>
    public static string ConnectionString(string configured) =>
        new SqliteConnectionStringBuilder(configured) { ForeignKeys = true }.ToString();

    /// <summary>
    /// The page cache of each connection, in KiB (SQLite's default is 2,000). A search that reads both index tables
    /// touches more than 2 MB of pages at 1,000,000 customers; with less, each table's pages push the other's out
    /// (docs/BENCHMARKS.md, "The page cache"). Pooled connections keep their cache between uses.
    /// </summary>
    public const int PageCacheKibibytes = 16 * 1024;

    /// <summary>
    /// How much of the file each connection reads through a memory map, in bytes, instead of a read() per page missing
    /// from its cache. A common word's candidates lie on most pages of the customer table (50 MB at 1,000,000
    /// customers, more than the cache): each read() costs a system call and a copy, a mapped page neither. The pages are
    /// the kernel's file cache, shared by every connection, and counted in the process's RSS once touched.
    /// </summary>
    public const long MemoryMapBytes = 1L << 30;

    public Task PrepareConnectionAsync(DbConnection connection, int commandTimeout, CancellationToken cancellationToken)
    {
        var sqlite = connection as SqliteConnection
            ?? throw new InvalidOperationException($"The SQLite dialect needs a SqliteConnection, not {connection.GetType().Name}.");
        sqlite.CreateFunction<string?, string?>(FoldFunction, s => s is null ? null : TextFolding.Fold(s), isDeterministic: true);
        using var pragmas = sqlite.CreateCommand();
        pragmas.CommandText = $"PRAGMA cache_size = -{PageCacheKibibytes}; PRAGMA mmap_size = {MemoryMapBytes}";
        pragmas.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    // SqliteCommand.Cancel does nothing; sqlite3_interrupt stops what runs on the connection, from any thread. The
    // handle stays open while the registration lives: the caller disposes it before the connection goes back to the pool.
    public CancellationTokenRegistration InterruptOnCancel(DbConnection connection, CancellationToken cancellationToken) =>
        connection is SqliteConnection { Handle: { } handle } && cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static h => SQLitePCL.raw.sqlite3_interrupt((SQLitePCL.sqlite3)h!), handle)
            : default;

    // SQLITE_INTERRUPT.
    public bool IsInterrupted(DbException exception) => exception is SqliteException { SqliteErrorCode: 9 };

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

    // An ASCII name compares by upper(), which the name-order index serves; only names with other characters need the
    // fold, which may map them onto ASCII ("ı" folds to "I").
    public string FoldedEquals(string column, string foldedTerm) =>
        $"(upper({column}) = {foldedTerm} OR ({NotAscii(column)} AND {Fold(column)} = {foldedTerm}))";

    // Inside the write transaction (BEGIN IMMEDIATE) no other writer can take the same id.
    public string? NextCustomerId(string? sequence) => "SELECT COALESCE(MAX(ID), 0) + 1 FROM ACS_CUSTOMER";

    // SQLITE_CONSTRAINT_FOREIGNKEY: SQLite does not say which constraint.
    public string? ReferencingConstraint(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 } ? "FOREIGN KEY" : null;
}
