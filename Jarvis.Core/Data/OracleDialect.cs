using System.Data.Common;

namespace Jarvis.Core.Data;

/// <summary>
/// Oracle 12.2 or later (OFFSET/FETCH, recursive WITH, LISTAGG ... ON OVERFLOW). With
/// <see cref="DatabaseOptions.OracleSearchIndex"/> the search reads the trigram side tables of docs/ORACLE.md;
/// without it, it scans as before.
/// </summary>
public sealed class OracleDialect(bool searchIndex = false) : ISqlDialect
{
    public const string ProviderInvariantName = "Oracle.ManagedDataAccess.Client";

    /// <summary>Trigram side tables a DBA creates (docs/ORACLE.md); one trigram of the term is enough for a superset.</summary>
    private static readonly SearchIndex TrigramTables = new(
        "SELECT t.CUSTOMER_ID FROM JARVIS_NAME_TRIGRAM t WHERE t.TRIGRAM = :name_key",
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

    // ORA-00001: unique constraint violated. OracleException is read by its Number property, so no compile-time driver.
    public bool IsUniqueViolation(DbException exception) =>
        exception.GetType().GetProperty("Number")?.GetValue(exception) is 1;
}
