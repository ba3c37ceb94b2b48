using Jarvis.Core.Customers;
using Jarvis.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Jarvis.Portal.Components.Pages.Customers;

/// <summary>
/// The customer page follows changes made by others as they land (<see cref="CustomerChangeFeed"/>): it re-reads the
/// customer through <see cref="CustomerService"/>, which decides what this user may see, then updates a read-only view
/// or an untouched form in place, keeps unsaved input beside the new values, or says the customer is gone. Each change
/// is announced in the page's polite live region; focus is never moved.
/// </summary>
public partial class CustomerPage
{
    private CustomerChangeFeed.Subscription? _changes;
    private string _liveNotice = "";
    private CustomerConflict? _liveConflict;
    private GoneCustomer? _gone;
    private bool _applyingChange;
    private CustomerChangeNotice? _nextChange;
    private MudBlazor.MudTextField<string>? _referenceField;
    private MudBlazor.MudTextField<string>? _descriptionField;

    [Inject]
    private CustomerChangeFeed ChangeFeed { get; set; } = default!;

    [Inject]
    private BrowserTime LiveTime { get; set; } = default!;

    /// <summary>The customer the page showed, and the deletion when the history says it was deleted (else it may no longer be seen).</summary>
    private sealed record GoneCustomer(long Id, string Name, CustomerFieldChange? Deletion);

    private bool ConflictIsLive => _conflict is not null && ReferenceEquals(_conflict, _liveConflict);

    protected override void OnParametersSet()
    {
        if (_gone is not null && _gone.Id != Id)
        {
            _gone = null;
        }

        if (_changes is null)
        {
            _changes = ChangeFeed.Subscribe([Id], OnCustomerChanged);
        }
        else
        {
            _changes.Watch([Id]);
        }
    }

    /// <summary>Called on the feed's thread: the work goes to the circuit, and nothing from it reaches the feed.</summary>
    private void OnCustomerChanged(CustomerChangeNotice notice) => _ = FollowChangeAsync(notice);

    private async Task FollowChangeAsync(CustomerChangeNotice notice)
    {
        try
        {
            await InvokeAsync(() => ApplyChangesAsync(notice));
        }
        catch (Exception e)
        {
            // The circuit is gone (the renderer disposed) or the re-read failed oddly: the page keeps what it shows.
            Logger.LogDebug(e, "Showing a change of customer {CustomerId} failed", notice.CustomerId);
        }
    }

    /// <summary>One change at a time; a change that lands meanwhile is applied after it (the newest re-read wins).</summary>
    private async Task ApplyChangesAsync(CustomerChangeNotice notice)
    {
        if (_applyingChange)
        {
            _nextChange = notice;
            return;
        }

        _applyingChange = true;
        try
        {
            var next = notice;
            while (next is not null)
            {
                await ApplyChangeAsync(next);
                (next, _nextChange) = (_nextChange, null);
            }
        }
        finally
        {
            _applyingChange = false;
        }
    }

    private async Task ApplyChangeAsync(CustomerChangeNotice notice)
    {
        // While this page saves, its own save's answer shows the newest values (or the conflict).
        if (_customer is not { } shown || shown.Id != notice.CustomerId || _saving)
        {
            return;
        }

        var id = shown.Id;
        var dirty = IsDirty;
        var (done, (current, parents, history)) = await RunAsync(async (_, ct) =>
        {
            var now = await Customers.GetAsync(id, ct);
            var chain = now is null || now.ParentId == shown.ParentId ? null : await Customers.GetParentChainAsync(id, ct);
            var entries = now is null || !dirty ? null : (await Customers.GetHistoryAsync(id, 0, 20, ct))?.Items;
            return (now, chain, entries ?? []);
        }, cancellationToken: _loading.Token);
        if (!done || _customer is null || _customer.Id != id || _saving)
        {
            return;
        }

        if (current is null)
        {
            ShowGone(notice);
        }
        else if (current.Version == _customer.Version && current.ParentId == _customer.ParentId)
        {
            // Already shown: this page's own save, or a change undone before it was read.
            return;
        }
        else
        {
            _parents = parents ?? _parents;
            if (current.Version == _customer.Version || !IsDirty)
            {
                await ShowInPlaceAsync(current);
                _liveNotice = $"{Who(notice)} changed {WhatChanged(notice)} {When(notice)}. The page shows the new values.";
            }
            else
            {
                ShowBesideInput(current, history);
                _liveNotice = $"{Who(notice)} changed {WhatChanged(notice)} {When(notice)} while you were editing. "
                    + "Your input is kept: choose Use their values or Keep mine.";
            }

            await (_history?.ReloadAsync() ?? Task.CompletedTask);
        }

        StateHasChanged();
    }

    /// <summary>The new values replace the shown ones, in the same form (the inputs stay, so focus stays where it is).</summary>
    private async Task ShowInPlaceAsync(CustomerDetails current)
    {
        var untouched = !IsDirty;
        _customer = current;
        if (untouched)
        {
            _form.Reference = current.Reference ?? "";
            _form.Description = current.Description ?? "";
            // MudBlazor keeps the text of a focused input when its value changes: set the text itself.
            await (_referenceField?.SetTextAsync(_form.Reference) ?? Task.CompletedTask);
            await (_descriptionField?.SetTextAsync(_form.Description) ?? Task.CompletedTask);
        }

        MarkSavedValuesUnmodified();
    }

    /// <summary>
    /// The operator's typed input stays; a field they did not touch takes the new value; the panel shows who changed
    /// what. The page still holds the version the input was based on, so Save cannot overwrite the change silently.
    /// </summary>
    private void ShowBesideInput(CustomerDetails current, IReadOnlyList<CustomerHistoryEntry> history)
    {
        if (!_edit.IsModified(_edit.Field(nameof(CustomerForm.Reference))))
        {
            _form.Reference = current.Reference ?? "";
        }

        if (!_edit.IsModified(_edit.Field(nameof(CustomerForm.Description))))
        {
            _form.Description = current.Description ?? "";
        }

        _liveConflict = CustomerConflict.Between(_customer!, current, _form.Reference, _form.Description, history);
        _conflict = _liveConflict;
    }

    /// <summary>"Keep mine": the input stays and the next Save is based on the values saved now.</summary>
    private void KeepMine()
    {
        if (_liveConflict is { } conflict)
        {
            _customer = conflict.Current;
            _conflict = null;
            _liveConflict = null;
            MarkSavedValuesUnmodified();
            _liveNotice = "Your input is kept. Save replaces their values with it.";
        }
    }

    private void ShowGone(CustomerChangeNotice notice)
    {
        var shown = _customer!;
        _gone = new GoneCustomer(shown.Id, shown.Name,
            notice.IsDelete ? notice.Changes.First(c => c.Field == CustomerChangeNotice.NameField) : null);
        _customer = null;
        _notFound = true;
        _conflict = null;
        _liveNotice = _gone.Deletion is { } deletion
            ? $"{deletion.Username} deleted this customer {When(notice)}."
            : "This customer is no longer available to you.";
    }

    private static string Who(CustomerChangeNotice notice) => notice.Latest.Username;

    private static string WhatChanged(CustomerChangeNotice notice)
    {
        var fields = notice.Changes.Select(c => FieldNamed(c.Field) switch
        {
            CustomerField.Reference => "the customer reference",
            CustomerField.Description => "the description",
            CustomerField.Name => "the name",
            CustomerField.Parent => "the parent customer",
            _ => "this customer",
        }).Distinct().ToList();
        return fields.Count == 1 ? fields[0] : $"{string.Join(", ", fields[..^1])} and {fields[^1]}";
    }

    private static CustomerField FieldNamed(string stored) =>
        Array.Find([CustomerField.Reference, CustomerField.Description, CustomerField.Name, CustomerField.Parent],
            f => CustomerHistoryNames.Of(f) == stored);

    private string When(CustomerChangeNotice notice) => LiveTime.Zone is { } zone
        ? $"at {BrowserTime.Format(notice.Latest.ChangedAt, zone)}"
        : $"at {notice.Latest.ChangedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
}
