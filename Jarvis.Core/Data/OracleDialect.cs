using System.Data.Common;

namespace Jarvis.Core.Data;

/// <summary>Oracle 12c or later (OFFSET/FETCH, recursive WITH, LISTAGG).</summary>
public sealed class OracleDialect : ISqlDialect
{
    public const string ProviderInvariantName = "Oracle.ManagedDataAccess.Client";

    public string Fold(string expression) => $"UPPER({expression})";

    public string FoldTerm(string term) => TextFolding.Fold(term);

    public string ServiceNumberList(string customerAlias) =>
        $"(SELECT LISTAGG(s.SN, ', ') WITHIN GROUP (ORDER BY LENGTH(s.SN), s.SN) FROM ACS_CUSTOMER_SN s WHERE s.CUSTOMER_ID = {customerAlias}.ID)";

    public string Paging => "OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY";

    // Oracle wants UNION ALL in recursive WITH; the CYCLE clause stops on a cycle in the parent chain.
    public string RecursiveCte(string name, string anchor, string step) =>
        $"WITH {name} (ID) AS ({anchor} UNION ALL {step}) CYCLE ID SET IS_CYCLE TO 'Y' DEFAULT 'N'";

    public string ForUpdate => "FOR UPDATE";

    // ORA-00001: unique constraint violated. OracleException is read by its Number property, so no compile-time driver.
    public bool IsUniqueViolation(DbException exception) =>
        exception.GetType().GetProperty("Number")?.GetValue(exception) is 1;
}
