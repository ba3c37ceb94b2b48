namespace Jarvis.Portal.Components.Pages.Customers;

/// <summary>
/// A form <see cref="CustomerRulesValidator"/> checks: its fields by name (the names of <see cref="Jarvis.Core.Customers.CustomerField"/>
/// that a save's refusal names), each with the message of the first rule of <see cref="Jarvis.Core.Customers.CustomerRules"/> it breaks.
/// </summary>
public interface ICustomerRulesForm
{
    IReadOnlyList<string> FieldNames { get; }

    /// <summary>The message of the first rule the field's value breaks, or null.</summary>
    string? Check(string fieldName);
}
