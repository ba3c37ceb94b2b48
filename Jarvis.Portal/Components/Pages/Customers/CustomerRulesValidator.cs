using Jarvis.Core.Customers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Jarvis.Portal.Components.Pages.Customers;

/// <summary>
/// Validates a customer form (<see cref="ICustomerRulesForm"/>: the edit form, the new-customer form) with Core's
/// <see cref="CustomerRules"/> (no second copy of the rules): a field when it changes, every field on submit, and keeps
/// the refusals a save brings back, each at its field.
/// </summary>
public sealed class CustomerRulesValidator : ComponentBase, IDisposable
{
    private EditContext? _context;
    private ValidationMessageStore? _messages;

    [CascadingParameter]
    public EditContext? EditContext { get; set; }

    protected override void OnParametersSet()
    {
        if (EditContext == _context)
        {
            return;
        }

        Unsubscribe();
        _context = EditContext ?? throw new InvalidOperationException($"{nameof(CustomerRulesValidator)} goes inside an EditForm.");
        _messages = new ValidationMessageStore(_context);
        _context.OnFieldChanged += FieldChanged;
        _context.OnValidationRequested += ValidationRequested;
    }

    /// <summary>A refusal from a save: shown at its field until the field changes or the form is submitted again.</summary>
    public void Add(UpdateResult.Refused refused) => Add(refused.Message, refused.Field);

    /// <summary>A refusal from a save naming <paramref name="field"/>: shown there, as <see cref="Add(UpdateResult.Refused)"/>.</summary>
    public void Add(string message, CustomerField field)
    {
        var name = field.ToString();
        if (_context is null || _messages is null || !Fields.Contains(name))
        {
            return;
        }

        _messages.Add(_context.Field(name), message);
        _context.NotifyValidationStateChanged();
    }

    private IReadOnlyList<string> Fields => (_context?.Model as ICustomerRulesForm)?.FieldNames ?? [];

    private void FieldChanged(object? sender, FieldChangedEventArgs e)
    {
        if (Fields.Contains(e.FieldIdentifier.FieldName))
        {
            Check(e.FieldIdentifier);
            _context!.NotifyValidationStateChanged();
        }
    }

    private void ValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        foreach (var field in Fields)
        {
            Check(_context!.Field(field));
        }
    }

    private void Check(FieldIdentifier field)
    {
        _messages!.Clear(field);
        if (field.Model is ICustomerRulesForm form && form.Check(field.FieldName) is { } message)
        {
            _messages.Add(field, message);
        }
    }

    private void Unsubscribe()
    {
        if (_context is not null)
        {
            _context.OnFieldChanged -= FieldChanged;
            _context.OnValidationRequested -= ValidationRequested;
        }
    }

    public void Dispose() => Unsubscribe();
}
