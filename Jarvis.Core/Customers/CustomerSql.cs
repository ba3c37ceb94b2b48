using Jarvis.Core.Data;

namespace Jarvis.Core.Customers;

/// <summary>
/// The customer SQL, built once per dialect. Every statement carries the visible-customers predicate, bound from
/// an <see cref="Security.AccessScope"/> (<c>:see_all</c>, <c>:root_id</c>): the database filters, nothing is
/// fetched and then hidden.
/// </summary>
internal sealed class CustomerSql
{
    public CustomerSql(ISqlDialect d)
    {
        // Service numbers match through one uncorrelated IN: the number table is scanned once per query, not probed
        // once per customer (a correlated EXISTS cost ~1 s at 100,000 customers on SQLite; see docs/BENCHMARKS.md).
        var filter = $"""
            {Visible(d, "c")}
              AND (:term IS NULL
                   OR INSTR({d.Fold("c.NAME")}, :term) > 0
                   OR (:sn_term IS NOT NULL AND c.ID IN (
                          SELECT m.CUSTOMER_ID FROM ACS_CUSTOMER_SN m WHERE INSTR(m.SN, :sn_term) > 0)))
            """;

        Count = $"""
            SELECT COUNT(*)
            FROM ACS_CUSTOMER c
            WHERE {filter}
            """;

        var search = $"""
            SELECT c.ID, c.NAME, {d.ServiceNumberList("c")} AS ServiceNumbers, c.CUSTOMER_REFERENCE AS Reference
            FROM ACS_CUSTOMER c
            WHERE {filter}
            """;
        var nullsLast = "CASE WHEN c.CUSTOMER_REFERENCE IS NULL THEN 1 ELSE 0 END";
        Search = new Dictionary<CustomerSort, string>
        {
            [CustomerSort.NameAscending] = $"{search}\nORDER BY {d.Fold("c.NAME")}, c.ID",
            [CustomerSort.NameDescending] = $"{search}\nORDER BY {d.Fold("c.NAME")} DESC, c.ID DESC",
            [CustomerSort.ReferenceAscending] = $"{search}\nORDER BY {nullsLast}, {d.Fold("c.CUSTOMER_REFERENCE")}, {d.Fold("c.NAME")}, c.ID",
            [CustomerSort.ReferenceDescending] = $"{search}\nORDER BY {nullsLast}, {d.Fold("c.CUSTOMER_REFERENCE")} DESC, {d.Fold("c.NAME")}, c.ID",
        };
        Paging = d.Paging;

        GetById = $"""
            SELECT c.ID, c.NAME, c.CUSTOMER_REFERENCE AS Reference, c.DESCRIPTION AS Description,
                   CASE WHEN {Visible(d, "p")} THEN p.ID END AS ParentId,
                   CASE WHEN {Visible(d, "p")} THEN p.NAME END AS ParentName
            FROM ACS_CUSTOMER c
            LEFT JOIN ACS_CUSTOMER p ON p.ID = c.PARENT_CUSTOMER_ID
            WHERE c.ID = :id AND {Visible(d, "c")}
            """;

        IsVisible = $"""
            SELECT COUNT(*) FROM ACS_CUSTOMER c WHERE c.ID = :id AND {Visible(d, "c")}
            """;

        ReferenceUsedElsewhere = """
            SELECT COUNT(*) FROM ACS_CUSTOMER WHERE CUSTOMER_REFERENCE = :reference AND ID <> :id
            """;

        Update = $"""
            UPDATE ACS_CUSTOMER
            SET CUSTOMER_REFERENCE = :reference, DESCRIPTION = :description
            WHERE ACS_CUSTOMER.ID = :id AND {Visible(d, "ACS_CUSTOMER")}
            """;
    }

    public string Count { get; }

    public IReadOnlyDictionary<CustomerSort, string> Search { get; }

    public string Paging { get; }

    public string GetById { get; }

    public const string ServiceNumbersOf = """
        SELECT SN FROM ACS_CUSTOMER_SN WHERE CUSTOMER_ID = :id ORDER BY LENGTH(SN), SN
        """;

    /// <summary>The stored values of the fields a change may set, to tell which fields a change changed.</summary>
    public const string ChangeableValues = """
        SELECT CUSTOMER_REFERENCE AS Reference, DESCRIPTION AS Description FROM ACS_CUSTOMER WHERE ID = :id
        """;

    /// <summary>1 when the customer <c>:id</c> exists and is visible in the scope, else 0.</summary>
    public string IsVisible { get; }

    public string ReferenceUsedElsewhere { get; }

    public string Update { get; }

    /// <summary>
    /// The visible-customers predicate for the row aliased <paramref name="alias"/>: every customer when
    /// <c>:see_all</c> is 1, else <c>:root_id</c> and the customers below it through PARENT_CUSTOMER_ID.
    /// </summary>
    private static string Visible(ISqlDialect d, string alias) => $"""
        (:see_all = 1 OR {alias}.ID IN (
            {d.RecursiveCte("VISIBLE",
                "SELECT ID FROM ACS_CUSTOMER WHERE ID = :root_id",
                "SELECT child.ID FROM ACS_CUSTOMER child JOIN VISIBLE ON child.PARENT_CUSTOMER_ID = VISIBLE.ID")}
            SELECT ID FROM VISIBLE))
        """;
}
