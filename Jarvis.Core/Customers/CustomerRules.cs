namespace Jarvis.Core.Customers;

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
