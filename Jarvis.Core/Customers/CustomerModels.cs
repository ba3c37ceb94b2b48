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
