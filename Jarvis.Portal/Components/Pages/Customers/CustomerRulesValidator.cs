using Jarvis.Core.Customers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Jarvis.Portal.Components.Pages.Customers;

/// <summary>
/// Validates a <see cref="CustomerForm"/> with Core's <see cref="CustomerRules.Validate"/> (no second copy of the rules):
/// a field when it changes, both on submit, and keeps the refusals a save brings back, each at its field.
/// </summary>
public sealed class CustomerRulesValidator : ComponentBase, IDisposable
{
    private static readonly string[] Fields = [nameof(CustomerForm.Reference), nameof(CustomerForm.Description)];

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
    public void Add(UpdateResult.Refused refused)
    {
        var field = refused.Field.ToString();
        if (_context is null || _messages is null || !Fields.Contains(field))
        {
            return;
        }

        _messages.Add(_context.Field(field), refused.Message);
        _context.NotifyValidationStateChanged();
    }

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
        if (field.Model is CustomerForm form && CustomerRules.Validate(form.ChangeOf(field.FieldName)) is { } refused)
        {
            _messages.Add(field, refused.Message);
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
