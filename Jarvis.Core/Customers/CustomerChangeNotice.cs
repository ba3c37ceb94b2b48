namespace Jarvis.Core.Customers;

/// <summary>
/// One history row as the change feed carries it: the field's stored name (<c>customer_reference</c>,
/// <c>description</c>, and for creates and deletes <c>name</c> and <c>parent_id</c>), its old and new value, who made
/// the change, when (UTC, to the second) and through which channel (<c>api</c>, <c>portal</c>).
/// </summary>
public sealed record CustomerFieldChange(string Field, string? Old, string? New, string Username, DateTimeOffset ChangedAt, string Via);

/// <summary>
/// Customer <see cref="CustomerId"/> changed through Jarvis, in this process or another on the same database. The
/// values are for telling the operator what happened; a page re-reads the customer through <see cref="CustomerService"/>,
/// which decides what the caller may see, and never shows a customer from the notice alone.
/// </summary>
public sealed record CustomerChangeNotice(long CustomerId, IReadOnlyList<CustomerFieldChange> Changes)
{
    /// <summary>The history name of the customer's name, written when a customer is created or deleted.</summary>
    public static string NameField => CustomerHistoryNames.Of(CustomerField.Name);

    /// <summary>True when the customer was deleted: its name's history row has no new value.</summary>
    public bool IsDelete => Changes.Any(c => c.Field == NameField && c.New is null);

    /// <summary>The newest change of the notice (the one to name when telling who changed the customer).</summary>
    public CustomerFieldChange Latest => Changes[^1];
}
