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

/// <summary>The limits and messages of API.md section 4, shared by the API and the portal's form.</summary>
public static class CustomerRules
{
    public const int ReferenceMaxLength = 50;
    public const int DescriptionMaxLength = 255;

    public const string ReferenceTooLong = "Customer reference is too long";
    public const string DescriptionTooLong = "Description is too long";
    public const string ReferenceControlCharacters = "Customer reference must not contain control characters";
    public const string DescriptionControlCharacters = "Description must not contain control characters other than tab and line breaks";

    public static string ReferenceInUse(string reference) => $"Customer reference '{reference}' is already in use by another customer";

    public static string MayNotChange(long id) => $"You may not change customer {id}.";

    public static string ChangedSinceRead(long id) => $"Customer {id} was changed by someone else since you read it.";

    /// <summary>Length as the user counts it: Unicode characters (code points), not UTF-16 units.</summary>
    public static int LengthOf(string? text) => text is null ? 0 : text.EnumerateRunes().Count();

    /// <summary>The first rule the change breaks, or null when it keeps them all.</summary>
    public static UpdateResult.Refused? Validate(CustomerChange change)
    {
        if (LengthOf(change.Reference) > ReferenceMaxLength)
        {
            return new(ReferenceTooLong, CustomerField.Reference);
        }

        if (change.Reference?.Any(char.IsControl) == true)
        {
            return new(ReferenceControlCharacters, CustomerField.Reference);
        }

        if (LengthOf(change.Description) > DescriptionMaxLength)
        {
            return new(DescriptionTooLong, CustomerField.Description);
        }

        if (change.Description?.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n')) == true)
        {
            return new(DescriptionControlCharacters, CustomerField.Description);
        }

        return null;
    }
}
