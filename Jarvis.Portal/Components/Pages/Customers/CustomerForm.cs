using Jarvis.Core.Customers;

namespace Jarvis.Portal.Components.Pages.Customers;

/// <summary>The edit form's model: the two values an operator may change, as typed (an empty field is no value).</summary>
public sealed class CustomerForm : ICustomerRulesForm
{
    public string Reference { get; set; } = "";

    public string Description { get; set; } = "";

    public static CustomerForm Of(CustomerDetails? customer) =>
        new() { Reference = customer?.Reference ?? "", Description = customer?.Description ?? "" };

    /// <summary>The change <see cref="CustomerRules.Validate"/> checks for one field of this form (the other left out).</summary>
    public CustomerChange ChangeOf(string fieldName) => fieldName switch
    {
        nameof(Reference) => new CustomerChange(Reference, null),
        nameof(Description) => new CustomerChange(null, Description),
        _ => throw new ArgumentOutOfRangeException(nameof(fieldName), fieldName, "Not a field of the customer form."),
    };

    public IReadOnlyList<string> FieldNames { get; } = [nameof(Reference), nameof(Description)];

    public string? Check(string fieldName) => CustomerRules.Validate(ChangeOf(fieldName))?.Message;
}
