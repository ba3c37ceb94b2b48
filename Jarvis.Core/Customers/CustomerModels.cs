namespace Jarvis.Core.Customers;

/// <summary>One row of a search: the customer's service numbers in numeric order, joined by ", " ("" when none).</summary>
public sealed record CustomerSummary(long Id, string Name, string ServiceNumbers, string? Reference);

/// <summary>A customer the caller may see. <see cref="ParentId"/> is set only when the caller may see the parent too.</summary>
public sealed record CustomerDetails(
    long Id,
    string Name,
    IReadOnlyList<string> ServiceNumbers,
    string? Reference,
    string? Description,
    long? ParentId,
    string? ParentName,
    bool CanChange)
{
    /// <summary>The version of the values shown (<see cref="CustomerVersion"/>): an update based on them may name it to refuse to overwrite a newer change.</summary>
    public string Version => CustomerVersion.Of(Name, Reference, Description);
}

public enum CustomerSort
{
    NameAscending,
    NameDescending,
    ReferenceAscending,
    ReferenceDescending,
}

/// <summary>A search: an optional term, a page (0-based offset, row count; no limit means every row) and an order.</summary>
public sealed record CustomerQuery(string? Term, long Offset = 0, long? Limit = null, CustomerSort Sort = CustomerSort.NameAscending);

/// <summary>The new values of the fields a user may change; null (or empty) stores NULL.</summary>
public sealed record CustomerChange(string? Reference, string? Description);

public enum CustomerField
{
    None,
    Reference,
    Description,
    Name,
    Parent,
}

/// <summary>
/// A customer to create (API.md section 9): a name, the optional reference and description of an update, and the
/// parent customer (null: at the top for a user who sees every customer, the user's own customer for an ACS user).
/// </summary>
public sealed record NewCustomer(string? Name, string? Reference, string? Description, long? ParentId);

/// <summary>Outcome of a create: the new customer's id, or a refusal that created nothing.</summary>
public abstract record CreateResult
{
    public sealed record Created(long Id, string Version) : CreateResult;

    /// <summary>Nothing was created. <see cref="Field"/> names the input at fault, if one is.</summary>
    public sealed record Refused(string Message, CustomerField Field = CustomerField.None) : CreateResult;
}

/// <summary>Outcome of a delete: the rows removed (0 when a user who sees every customer names none), a refusal, or a conflict.</summary>
public abstract record DeleteResult
{
    public sealed record Deleted(int Modified) : DeleteResult;

    /// <summary>Nothing was deleted: the customer is no longer at the version the caller read (API.md section 9).</summary>
    public sealed record Conflict(string Message) : DeleteResult;

    /// <summary>Nothing was deleted; the message says why.</summary>
    public sealed record Refused(string Message) : DeleteResult;
}

/// <summary>Outcome of an update: the number of rows changed, a refusal with the message for the user, or a conflict.</summary>
public abstract record UpdateResult
{
    /// <summary>Stored. <see cref="Version"/> is the customer's new version, null when nothing was found to update.</summary>
    public sealed record Updated(int Modified, string? Version = null) : UpdateResult;

    /// <summary>Nothing was changed: the customer is no longer at the version the caller read (API.md section 7).</summary>
    public sealed record Conflict(string Message) : UpdateResult;

    /// <summary>Nothing was changed. <see cref="Field"/> names the input at fault, if one is.</summary>
    public sealed record Refused(string Message, CustomerField Field = CustomerField.None) : UpdateResult;
}

/// <summary>A customer as a link in the tree: its id and name.</summary>
public sealed record CustomerLink(long Id, string Name);

/// <summary>One page of rows and how many rows there are in all.</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, long Total);
