using Jarvis.Core.Customers;

namespace Jarvis.Portal.Components.Pages.Customers;

/// <summary>
/// The new-customer form's model: name, reference and description as typed (an empty field is no value) and the parent
/// chosen (none: at the top for a user who sees every customer, the user's own customer for an ACS user). Checked by
/// Core's rules for a create (API.md section 9); the parent has no rule here, the server decides who may create where.
/// </summary>
public sealed class NewCustomerForm : ICustomerRulesForm
{
    public string Name { get; set; } = "";

    public string Reference { get; set; } = "";

    public string Description { get; set; } = "";

    public CustomerLink? Parent { get; set; }

    public IReadOnlyList<string> FieldNames { get; } = [nameof(Name), nameof(Reference), nameof(Description), nameof(Parent)];

    public string? Check(string fieldName) => fieldName switch
    {
        // Core trims the name before its rules, so white space alone is no name.
        nameof(Name) => Name.Trim().Length == 0 ? CustomerRules.NameRequired : CustomerRules.Name.Check(Name.Trim()),
        nameof(Reference) => CustomerRules.Reference.Check(Reference),
        nameof(Description) => CustomerRules.Description.Check(Description),
        nameof(Parent) => null,
        _ => throw new ArgumentOutOfRangeException(nameof(fieldName), fieldName, "Not a field of the new-customer form."),
    };

    public NewCustomer ToNewCustomer() => new(Name, Reference, Description, Parent?.Id);
}
