using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;

namespace Jarvis.Core.Data;

/// <summary>
/// Oracle 12.2 or later (OFFSET/FETCH, recursive WITH, LISTAGG ... ON OVERFLOW). With
/// <see cref="DatabaseOptions.OracleSearchIndex"/> the search reads the trigram side tables of docs/ORACLE.md;
/// without it, it scans ACS_CUSTOMER.
/// </summary>
public sealed partial class OracleDialect(bool searchIndex = false, string? customerIdSequence = null) : ISqlDialect
{
    public const string ProviderInvariantName = "Oracle.ManagedDataAccess.Client";

    /// <summary>
    /// Run on every connection at open: ODP.NET takes NLS_SORT and NLS_COMP from the .NET culture, so a German host
    /// would sort linguistically. Binary order is what the tests pin (upper-cased, then by id).
    /// </summary>
    public const string SessionSettings = "ALTER SESSION SET NLS_SORT = BINARY NLS_COMP = BINARY";

    // Connection lost or refused, instance down or starting, session killed, too many sessions, a lock wait or the
    // command timeout (ORA-01013, how ODP.NET reports CommandTimeout): the database is out of reach for now.
    private static readonly HashSet<int> OutageNumbers =
    [
        18, 20, 28, 51, 54, 1012, 1013, 1033, 1034, 1089, 1090, 2396, 3113, 3114, 3135, 12170, 12514, 12516, 12518,
        12519, 12520, 12521, 12528, 12537, 12541, 12543, 12545, 12560, 12571, 30006,
    ];

    /// <summary>Trigram side tables a DBA creates (docs/ORACLE.md); one trigram of the term is enough for a superset.</summary>
    private static readonly SearchIndex TrigramTables = new(
        "SELECT t.CUSTOMER_ID AS ID FROM JARVIS_NAME_TRIGRAM t WHERE t.TRIGRAM = :name_key",
        "SELECT t.SN FROM JARVIS_SN_TRIGRAM t WHERE t.TRIGRAM = :sn_key",
        MinimumTermLength: 3,
        term => string.Concat(term.EnumerateRunes().Take(3)));

    public string Fold(string expression) => $"UPPER({expression})";

    public string FoldTerm(string term) => TextFolding.Fold(term);

    public string FoldedContains(string column, string foldedTerm) => $"INSTR({Fold(column)}, {foldedTerm}) > 0";

    public string NameOrder(string alias, bool descending) => descending
        ? $"UPPER({alias}.NAME) DESC, {alias}.ID DESC"
        : $"UPPER({alias}.NAME), {alias}.ID";

    public string NameOrderIndexHint => "";

    public string OrderedJoin => "JOIN";

    public SearchIndex? Index => searchIndex ? TrigramTables : null;

    // ON OVERFLOW TRUNCATE (12.2): a customer with more numbers than fit in 4,000 bytes gets a shortened list ending in
    // "..." and the count of numbers left out, instead of ORA-01489 failing the whole search.
    public string ServiceNumberList(string customerAlias) =>
        $"(SELECT LISTAGG(s.SN, ', ' ON OVERFLOW TRUNCATE '...' WITH COUNT) WITHIN GROUP (ORDER BY LENGTH(s.SN), s.SN) " +
        $"FROM ACS_CUSTOMER_SN s WHERE s.CUSTOMER_ID = {customerAlias}.ID)";

    public string Paging => "OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY";

    public string FirstRows(int rows) => $"FETCH FIRST {rows} ROWS ONLY";

    public string NoTable => "FROM DUAL";

    // Oracle wants UNION ALL in recursive WITH; the CYCLE clause stops on a cycle in the parent chain.
    public string RecursiveCte(string name, string anchor, string step) =>
        $"WITH {name} (ID) AS ({anchor} UNION ALL {step}) CYCLE ID SET IS_CYCLE TO 'Y' DEFAULT 'N'";

    public string ForUpdate => "FOR UPDATE";

    public int DefaultCommandTimeout(string connectionString) => DatabaseOptions.DefaultOracleCommandTimeout;

    // VARCHAR2(50) without BYTE or CHAR means bytes under Oracle's default NLS_LENGTH_SEMANTICS: the safe reading.
    public LengthSemantics DefaultLengthSemantics => LengthSemantics.Byte;

    public Task PrepareConnectionAsync(DbConnection connection, int commandTimeout, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(SessionSettings, commandTimeout: commandTimeout, cancellationToken: cancellationToken));

    // Through Dapper no OracleCommand is at hand to cancel: a statement runs to its end or its command timeout.
    public CancellationTokenRegistration InterruptOnCancel(DbConnection connection, CancellationToken cancellationToken) => default;

    // ORA-01013: user requested cancel of current operation.
    public bool IsInterrupted(DbException exception) => NumberOf(exception) == 1013;

    // ORA-00001: unique constraint violated.
    public bool IsUniqueViolation(DbException exception) => NumberOf(exception) == 1;

    public bool IsOutage(DbException exception) => NumberOf(exception) is { } n && OutageNumbers.Contains(n);

    public string ErrorCode(DbException exception) =>
        NumberOf(exception) is { } n ? $"ORA-{n:D5}" : exception.GetType().Name;

    // ORA-12899: value too large for column "SCHEMA"."TABLE"."COLUMN" (actual: 51, maximum: 50)
    public string? ValueTooLongColumn(DbException exception) =>
        NumberOf(exception) == 12899 && TooLargeColumn().Match(exception.Message) is { Success: true } m ? m.Groups[1].Value : null;

    // OracleException is read by its Number property, so no compile-time driver.
    private static int? NumberOf(DbException exception) =>
        exception.GetType().GetProperty("Number")?.GetValue(exception) is int n ? n : null;

    public string FoldedEquals(string column, string foldedTerm) => $"{Fold(column)} = {foldedTerm}";

    // Never MAX(ID)+1: two portals (or OCNCC itself) would race for it. The name is checked by JarvisDatabase.
    public string? NextCustomerId { get; } = customerIdSequence is null ? null : $"SELECT {customerIdSequence}.NEXTVAL FROM DUAL";

    // ORA-02292: integrity constraint (SCHEMA.NAME) violated - child record found
    public string? ReferencingConstraint(DbException exception) =>
        NumberOf(exception) == 2292 ? ConstraintName().Match(exception.Message) is { Success: true } m ? m.Groups[1].Value : "ORA-02292" : null;

    [GeneratedRegex(@"\(([^()\s]+)\)")]
    private static partial Regex ConstraintName();

    [GeneratedRegex(@"value too large for column (?:""[^""]*""\.)*""([^""]+)""")]
    private static partial Regex TooLargeColumn();
}
