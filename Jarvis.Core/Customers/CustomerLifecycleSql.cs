using Jarvis.Core.Data;

namespace Jarvis.Core.Customers;

/// <summary>
/// The SQL of creating and deleting customers, and of the history that outlives them, built once per dialect. Each
/// statement comes in one form per scope: a user who sees every customer gets no visibility predicate; an ACS user's
/// statement only reaches <c>:root_id</c> and the customers below it, so the access decision is inside the statement.
/// Each statement binds exactly the names it uses (ODP.NET binds by name).
/// </summary>
internal sealed class CustomerLifecycleSql(ISqlDialect d)
{
    private const string Columns = "ID, NAME, CUSTOMER_REFERENCE, DESCRIPTION, PARENT_CUSTOMER_ID";

    /// <summary>How many customers have the name <c>:name</c> (folded by the dialect), compared case-insensitively.</summary>
    public string NameInUse { get; } = $"""
        SELECT COUNT(*) FROM ACS_CUSTOMER c WHERE {d.FoldedEquals("c.NAME", ":name")}
        """;

    /// <summary>A customer at the top: only for a user who sees every customer. Binds :id, :name, :reference, :description.</summary>
    public string InsertAtTop { get; } = $"""
        INSERT INTO ACS_CUSTOMER ({Columns})
        VALUES (:id, :name, :reference, :description, NULL)
        """;

    /// <summary>A customer below <c>:parent_id</c>: inserts nothing unless the parent exists (and, in a subtree, is in it).</summary>
    public string InsertBelow(bool subtree) => subtree ? _insertBelowInSubtree : _insertBelowAny;

    private readonly string _insertBelowAny = $"""
        INSERT INTO ACS_CUSTOMER ({Columns})
        SELECT :id, :name, :reference, :description, p.ID FROM ACS_CUSTOMER p WHERE p.ID = :parent_id
        """;

    private readonly string _insertBelowInSubtree = $"""
        INSERT INTO ACS_CUSTOMER ({Columns})
        SELECT :id, :name, :reference, :description, p.ID FROM ACS_CUSTOMER p
        WHERE p.ID = :parent_id AND p.ID IN (
            {CustomerSql.VisibleCte(d)}
            SELECT ID FROM VISIBLE)
        """;

    /// <summary>
    /// The values of the customer <c>:id</c> that the caller may delete, locked until the transaction ends; an ACS
    /// user's own customer (<c>:root_id</c>) is never among them.
    /// </summary>
    public string ValuesForDelete(bool subtree) => subtree ? _valuesInSubtree : _valuesAny;

    private readonly string _valuesAny = $"""
        SELECT c.NAME AS Name, c.CUSTOMER_REFERENCE AS Reference, c.DESCRIPTION AS Description, c.PARENT_CUSTOMER_ID AS ParentId
        FROM ACS_CUSTOMER c
        WHERE c.ID = :id
        {d.ForUpdate}
        """;

    private readonly string _valuesInSubtree = $"""
        SELECT c.NAME AS Name, c.CUSTOMER_REFERENCE AS Reference, c.DESCRIPTION AS Description, c.PARENT_CUSTOMER_ID AS ParentId
        FROM ACS_CUSTOMER c
        WHERE c.ID = :id AND c.ID <> :root_id AND c.ID IN (
            {CustomerSql.VisibleCte(d)}
            SELECT ID FROM VISIBLE)
        {d.ForUpdate}
        """;

    public string NumberCount { get; } = "SELECT COUNT(*) FROM ACS_CUSTOMER_SN WHERE CUSTOMER_ID = :id";

    public string ChildCount { get; } = "SELECT COUNT(*) FROM ACS_CUSTOMER WHERE PARENT_CUSTOMER_ID = :id";

    /// <summary>Removes the customer <c>:id</c> within the caller's reach (as <see cref="ValuesForDelete"/>).</summary>
    public string Delete(bool subtree) => subtree ? _deleteInSubtree : _deleteAny;

    private readonly string _deleteAny = "DELETE FROM ACS_CUSTOMER WHERE ID = :id";

    private readonly string _deleteInSubtree = $"""
        DELETE FROM ACS_CUSTOMER
        WHERE ID = :id AND ID <> :root_id AND ID IN (
            {CustomerSql.VisibleCte(d)}
            SELECT ID FROM VISIBLE)
        """;

    /// <summary>
    /// The history of the customer id <c>:id</c>, newest first, paged, whether or not the customer still exists: for a
    /// user who sees every customer, who may read what a deleted customer was.
    /// </summary>
    public string HistoryOfAnyId { get; } = $"""
        SELECT h.CHANGED_AT AS ChangedAt, h.USERNAME AS Username, h.FIELD AS Field,
               h.OLD_VALUE AS OldValue, h.NEW_VALUE AS NewValue, h.VIA AS Via, h.TOKEN_NAME AS TokenName
        FROM JARVIS_CUSTOMER_HISTORY h
        WHERE h.CUSTOMER_ID = :id
        ORDER BY h.CHANGED_AT DESC, h.ID DESC
        {d.Paging}
        """;

    public string HistoryCountOfAnyId { get; } = "SELECT COUNT(*) FROM JARVIS_CUSTOMER_HISTORY h WHERE h.CUSTOMER_ID = :id";

    /// <summary>The statements built per scope, named for review (the golden Oracle files of the tests).</summary>
    public IEnumerable<(string Name, string Text)> ScopedStatements()
    {
        foreach (var subtree in new[] { false, true })
        {
            var scope = subtree ? "Subtree" : "All";
            yield return ($"InsertBelow.{scope}", InsertBelow(subtree));
            yield return ($"ValuesForDelete.{scope}", ValuesForDelete(subtree));
            yield return ($"Delete.{scope}", Delete(subtree));
        }
    }
}
