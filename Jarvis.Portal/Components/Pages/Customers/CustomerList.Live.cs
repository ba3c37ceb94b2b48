using Jarvis.Core.Customers;
using Microsoft.AspNetCore.Components;

namespace Jarvis.Portal.Components.Pages.Customers;

/// <summary>
/// The rows on screen follow changes made through Jarvis (<see cref="CustomerChangeFeed"/>): a changed customer is
/// re-read through <see cref="CustomerService"/> and its row shows the new values in place, marked for a few seconds;
/// the rows are not re-sorted under the pointer and the count is not run again (a new search, page or order does both).
/// </summary>
public partial class CustomerList : IDisposable
{
    /// <summary>How long a changed row stays marked.</summary>
    public static readonly TimeSpan ChangedMarkDuration = TimeSpan.FromSeconds(5);

    private CustomerChangeFeed.Subscription? _changes;
    private readonly Dictionary<long, DateTimeOffset> _changedRows = [];
    private readonly HashSet<long> _goneRows = [];

    [Inject]
    private CustomerChangeFeed ChangeFeed { get; set; } = default!;

    /// <summary>From now on, changes of the customers in <paramref name="rows"/> (the rows on screen) reach this page.</summary>
    private void FollowRows(IEnumerable<CustomerSummary> rows)
    {
        var ids = rows.Select(r => r.Id).ToList();
        _changedRows.Clear();
        _goneRows.Clear();
        if (_changes is null)
        {
            _changes = ChangeFeed.Subscribe(ids, OnCustomerChanged);
        }
        else
        {
            _changes.Watch(ids);
        }
    }

    private void OnCustomerChanged(CustomerChangeNotice notice) => _ = FollowChangeAsync(notice);

    private async Task FollowChangeAsync(CustomerChangeNotice notice)
    {
        try
        {
            await InvokeAsync(() => ShowChangeAsync(notice.CustomerId));
        }
        catch (Exception e)
        {
            Logger.LogDebug(e, "Showing a change of customer {CustomerId} in the list failed", notice.CustomerId);
        }
    }

    private async Task ShowChangeAsync(long id)
    {
        if (_lastData.Items is not List<CustomerSummary> rows || rows.FindIndex(r => r.Id == id) < 0)
        {
            return;
        }

        var (done, current) = await RunAsync((_, ct) => Customers.GetAsync(id, ct));
        // The rows may have been replaced by another page or search meanwhile.
        var index = rows.FindIndex(r => r.Id == id);
        if (!done || !ReferenceEquals(rows, _lastData.Items) || index < 0)
        {
            return;
        }

        var shown = rows[index];
        if (current is null)
        {
            _goneRows.Add(id);
            _announcement = $"{shown.Name} is no longer available.";
        }
        else
        {
            var updated = new CustomerSummary(current.Id, current.Name, string.Join(", ", current.ServiceNumbers), current.Reference);
            if (updated == shown)
            {
                return;
            }

            rows[index] = updated;
            _announcement = $"{updated.Name} changed.";
        }

        var markedAt = DateTimeOffset.UtcNow;
        _changedRows[id] = markedAt;
        StateHasChanged();
        _ = UnmarkLaterAsync(id, markedAt);
    }

    private async Task UnmarkLaterAsync(long id, DateTimeOffset markedAt)
    {
        await Task.Delay(ChangedMarkDuration);
        try
        {
            await InvokeAsync(() =>
            {
                if (_changedRows.TryGetValue(id, out var at) && at == markedAt)
                {
                    _changedRows.Remove(id);
                    StateHasChanged();
                }
            });
        }
        catch (ObjectDisposedException)
        {
            // The page is gone.
        }
    }

    private string LiveRowClass(CustomerSummary row, int index) =>
        (_changedRows.ContainsKey(row.Id) ? "jarvis-row-changed" : "") + (_goneRows.Contains(row.Id) ? " jarvis-row-gone" : "");

    /// <summary>A changed row: a tint and a bar at its start (not colour alone); a gone row is struck through.</summary>
    private string LiveRowStyle(CustomerSummary row, int index) =>
        (_changedRows.ContainsKey(row.Id)
            ? "background-color: color-mix(in srgb, var(--mud-palette-warning) 14%, transparent); box-shadow: inset 4px 0 0 var(--mud-palette-warning);"
            : "")
        + (_goneRows.Contains(row.Id) ? "text-decoration: line-through;" : "");

    public void Dispose() => _changes?.Dispose();
}
