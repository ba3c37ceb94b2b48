using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;

namespace Jarvis.Core.Data;

/// <summary>
/// Oracle 12.2 or later (OFFSET/FETCH, recursive WITH, LISTAGG ... ON OVERFLOW). No search index of Jarvis's own:
/// a search scans ACS_CUSTOMER by INSTR (and ACS_CUSTOMER_SN only for a term with a digit), since anything kept
/// current by a trigger on OCNCC's tables could fail OCNCC's own provisioning.
/// </summary>
public sealed partial class OracleDialect : ISqlDialect
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

    public string Fold(string expression) => $"UPPER({expression})";

    public string FoldTerm(string term) => TextFolding.Fold(term);

    public string FoldedContains(string column, string foldedTerm) => $"INSTR({Fold(column)}, {foldedTerm}) > 0";

    public string Contains(string column, string term) => $"INSTR({column}, {term}) > 0";

    public DbProviderFactory ProviderFactory() => OracleDriver.GetFactory();

    public string ConnectionString(string configured) => configured;

    // ODP.NET's OracleException, whose messages start with the ORA number (as do the strict test provider's).
    public bool Raised(DbException exception) =>
        exception.GetType().FullName == "Oracle.ManagedDataAccess.Client.OracleException"
        || exception.Message.StartsWith("ORA-", StringComparison.Ordinal);

    public string OrderKey(string expression) => $"UPPER({expression})";

    public string NameOrderIndexHint => "";

    public string ReferenceOrderIndexHint => "";

    public string SortMatchesHint => "";

    public string OrderedJoin => "JOIN";

    public SearchIndex? Index => null;

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

    // Nothing to add: Dapper passes the token to ODP.NET's async Execute* methods, which cancel the running statement
    // themselves (OracleCommand.Cancel); it then fails with ORA-01013.
    public CancellationTokenRegistration InterruptOnCancel(DbConnection connection, CancellationToken cancellationToken) => default;

    // ORA-01013: user requested cancel of current operation.
    public bool IsInterrupted(DbException exception) => NumberOf(exception) == 1013;

    // ORA-00001: unique constraint violated.
    public bool IsUniqueViolation(DbException exception) => NumberOf(exception) == 1;

    public bool IsOutage(DbException exception) => NumberOf(exception) is { } n && OutageNumbers.Contains(n);

    public string ErrorCode(DbException exception) =>
        NumberOf(exception) is { } n ? $"ORA-{n:D5}" : exception.GetType().Name;

    // ORA-12899: value too large for column "SCHEMA"."TABLE"."COLUMN" (actual: 51, maximum: 50). Decided by the number;
    // the column is the last of the quoted, dot-separated names, which every message language keeps as they are.
    public string? ValueTooLongColumn(DbException exception) =>
        NumberOf(exception) == 12899 && QualifiedColumn().Match(exception.Message) is { Success: true } m ? m.Groups[1].Value : null;

    // OracleException is read by its Number property, so no compile-time driver.
    private static int? NumberOf(DbException exception) =>
        exception.GetType().GetProperty("Number")?.GetValue(exception) is int n ? n : null;

    public string FoldedEquals(string column, string foldedTerm) => $"{Fold(column)} = {foldedTerm}";

    // Never MAX(ID)+1: two portals (or OCNCC itself) would race for it. The name is checked by JarvisDatabase.
    public string? NextCustomerId(string? sequence) => sequence is null ? null : $"SELECT {sequence}.NEXTVAL FROM DUAL";

    // ORA-02292: integrity constraint (SCHEMA.NAME) violated - child record found
    public string? ReferencingConstraint(DbException exception) =>
        NumberOf(exception) == 2292 ? ConstraintName().Match(exception.Message) is { Success: true } m ? m.Groups[1].Value : "ORA-02292" : null;

    [GeneratedRegex(@"\(([^()\s]+)\)")]
    private static partial Regex ConstraintName();

    [GeneratedRegex(@"(?:""[^""]*""\.)+""([^""]+)""")]
    private static partial Regex QualifiedColumn();
}
