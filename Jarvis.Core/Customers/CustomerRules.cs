using System.Text;
using Jarvis.Core.Data;

namespace Jarvis.Core.Customers;

/// <summary>
/// A text field of a customer that users set: its key in the API's JSON and in the history, its label, its limit
/// (counted as the column counts) and the messages of API.md sections 4 and 9. The one description of the field that
/// the API readers, the rules, the history and the portal's form read.
/// </summary>
public sealed record CustomerTextField(
    CustomerField Field, string Key, string Label, int MaxLength, string TooLong, string ControlCharacters, bool AllowsLineBreaks)
{
    /// <summary>The message for the first rule <paramref name="value"/> breaks, or null (null and "" break none).</summary>
    public string? Check(string? value, LengthSemantics semantics = LengthSemantics.Char)
    {
        if (CustomerRules.LengthOf(value, semantics) > MaxLength)
        {
            return TooLong;
        }

        return value?.Any(c => char.IsControl(c) && !(AllowsLineBreaks && c is '\t' or '\r' or '\n')) == true ? ControlCharacters : null;
    }

    /// <summary>The refusal of a value that is neither a string nor null, in the API's words.</summary>
    public string MustBeString => $"{Key} must be a string or null";
}

/// <summary>The limits and messages of API.md sections 4 and 9, shared by the API and the portal's forms.</summary>
public static class CustomerRules
{
    public const int NameMaxLength = 50;
    public const int ReferenceMaxLength = 50;
    public const int DescriptionMaxLength = 255;

    public const string NameRequired = "Name is required";
    public const string NameTooLong = "Name is too long";
    public const string NameControlCharacters = "Name must not contain control characters";
    public const string ReferenceTooLong = "Customer reference is too long";
    public const string DescriptionTooLong = "Description is too long";
    public const string ReferenceControlCharacters = "Customer reference must not contain control characters";
    public const string DescriptionControlCharacters = "Description must not contain control characters other than tab and line breaks";
    public const string MayNotCreate = "You may not create customers.";

    public static readonly CustomerTextField Name = new(
        CustomerField.Name, "name", "Name", NameMaxLength, NameTooLong, NameControlCharacters, AllowsLineBreaks: false);

    public static readonly CustomerTextField Reference = new(
        CustomerField.Reference, "customer_reference", "Customer reference", ReferenceMaxLength, ReferenceTooLong,
        ReferenceControlCharacters, AllowsLineBreaks: false);

    public static readonly CustomerTextField Description = new(
        CustomerField.Description, "description", "Description", DescriptionMaxLength, DescriptionTooLong,
        DescriptionControlCharacters, AllowsLineBreaks: true);

    /// <summary>The fields an update sets, in the order their rules are checked.</summary>
    public static IReadOnlyList<CustomerTextField> UpdatedFields { get; } = [Reference, Description];

    /// <summary>The field as the portal names it to a person.</summary>
    public static string LabelOf(CustomerField field) => field switch
    {
        CustomerField.Name => Name.Label,
        CustomerField.Reference => Reference.Label,
        CustomerField.Description => Description.Label,
        CustomerField.Parent => "Parent customer",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>The key of the parent in a create's JSON and in the history.</summary>
    public const string ParentKey = "parent_id";

    public const string ParentNotAnId = "parent_id must be a customer id (a positive whole number, as a string or a number) or null";

    public static string ReferenceInUse(string reference) => $"Customer reference '{reference}' is already in use by another customer";

    public static string NameInUse(string name) => $"Customer name '{name}' is already in use";

    public static string MayNotChange(long id) => $"You may not change customer {id}.";

    public static string MayNotCreateBelow(long parentId) => $"You may not create a customer below customer {parentId}.";

    public static string MayNotDelete(long id) => $"You may not delete customer {id}.";

    public static string StillHasNumbers(long id) => $"Customer {id} still has service numbers.";

    public static string StillHasChildren(long id) => $"Customer {id} still has customers below it.";

    public static string StillUsedElsewhere(long id, string constraint) => $"Customer {id} is still used elsewhere in OCNCC ({constraint}).";

    public static string ChangedSinceRead(long id) => $"Customer {id} was changed by someone else since you read it.";

    /// <summary>Length as the user counts it: Unicode characters (code points), not UTF-16 units.</summary>
    public static int LengthOf(string? text) => text is null ? 0 : text.EnumerateRunes().Count();

    /// <summary>
    /// Length in the column's own terms: characters for CHAR semantics, UTF-8 bytes for BYTE semantics (an Oracle
    /// <c>VARCHAR2(50 BYTE)</c> in an AL32UTF8 database holds 50 ASCII characters but only 25 "é"). docs/SCHEMA.md.
    /// </summary>
    public static int LengthOf(string? text, LengthSemantics semantics) =>
        semantics == LengthSemantics.Byte ? Encoding.UTF8.GetByteCount(text ?? "") : LengthOf(text);

    /// <summary>The field whose column is <paramref name="column"/> (ORA-12899 names the column), or null for another column.</summary>
    public static CustomerTextField? FieldOfColumn(string column) => column.ToUpperInvariant() switch
    {
        "NAME" => Name,
        "CUSTOMER_REFERENCE" => Reference,
        "DESCRIPTION" => Description,
        _ => null,
    };

    /// <summary>The refusal for a value the database found too long for <paramref name="column"/> (ORA-12899), or null for another column.</summary>
    public static UpdateResult.Refused? TooLongFor(string column) =>
        FieldOfColumn(column) is { } field ? new(field.TooLong, field.Field) : null;

    /// <summary>
    /// The first rule the change breaks, or null when it keeps them all. Limits count in <paramref name="semantics"/>,
    /// the columns' own terms, so that the database never refuses what passed here.
    /// </summary>
    public static UpdateResult.Refused? Validate(CustomerChange change, LengthSemantics semantics = LengthSemantics.Char)
    {
        foreach (var (field, value) in new[] { (Reference, change.Reference), (Description, change.Description) })
        {
            if (field.Check(value, semantics) is { } message)
            {
                return new(message, field.Field);
            }
        }

        return null;
    }

    /// <summary>
    /// The first rule a new customer breaks (name required, then each field as <see cref="Validate(CustomerChange, LengthSemantics)"/>),
    /// or null. <paramref name="customer"/>'s name is expected trimmed.
    /// </summary>
    public static CreateResult.Refused? Validate(NewCustomer customer, LengthSemantics semantics = LengthSemantics.Char)
    {
        if (string.IsNullOrEmpty(customer.Name))
        {
            return new(NameRequired, CustomerField.Name);
        }

        if (Name.Check(customer.Name, semantics) is { } name)
        {
            return new(name, CustomerField.Name);
        }

        return Validate(new CustomerChange(customer.Reference, customer.Description), semantics) is { } refused
            ? new(refused.Message, refused.Field)
            : null;
    }
}
