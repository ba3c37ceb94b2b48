using System.Text;
using Jarvis.Core.Data;

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

    public static string ChangedSinceRead(long id) => $"Customer {id} was changed by someone else since you read it.";

    /// <summary>Length as the user counts it: Unicode characters (code points), not UTF-16 units.</summary>
    public static int LengthOf(string? text) => text is null ? 0 : text.EnumerateRunes().Count();

    /// <summary>
    /// Length in the column's own terms: characters for CHAR semantics, UTF-8 bytes for BYTE semantics (an Oracle
    /// <c>VARCHAR2(50 BYTE)</c> in an AL32UTF8 database holds 50 ASCII characters but only 25 "é"). docs/SCHEMA.md.
    /// </summary>
    public static int LengthOf(string? text, LengthSemantics semantics) =>
        semantics == LengthSemantics.Byte ? Encoding.UTF8.GetByteCount(text ?? "") : LengthOf(text);

    /// <summary>The refusal for a value the database found too long for <paramref name="column"/> (ORA-12899), or null for another column.</summary>
    public static UpdateResult.Refused? TooLongFor(string column) => column.ToUpperInvariant() switch
    {
        "CUSTOMER_REFERENCE" => new(ReferenceTooLong, CustomerField.Reference),
        "DESCRIPTION" => new(DescriptionTooLong, CustomerField.Description),
        _ => null,
    };

    /// <summary>
    /// The first rule the change breaks, or null when it keeps them all. Limits count in <paramref name="semantics"/>,
    /// the columns' own terms, so that the database never refuses what passed here.
    /// </summary>
    public static UpdateResult.Refused? Validate(CustomerChange change, LengthSemantics semantics = LengthSemantics.Char)
    {
        if (LengthOf(change.Reference, semantics) > ReferenceMaxLength)
        {
            return new(ReferenceTooLong, CustomerField.Reference);
        }

        if (change.Reference?.Any(char.IsControl) == true)
        {
            return new(ReferenceControlCharacters, CustomerField.Reference);
        }

        if (LengthOf(change.Description, semantics) > DescriptionMaxLength)
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
