namespace Jarvis.Core.Customers;

/// <summary>Telling open pages in this process about a change as soon as it is committed.</summary>
public sealed partial class CustomerService
{
    /// <summary>
    /// Announces the history rows just committed for customer <paramref name="id"/> (fields with their old and new values) to the pages of this process; other processes learn of them from the history table.
    /// </summary>
    private void AnnounceCommitted(
        long id, string username, long changedAt, ChangeChannel via, IEnumerable<(CustomerField Field, string? Old, string? New)> rows) =>
        changeFeed?.AnnounceCommitted(id, [.. rows.Select(r => new CustomerFieldChange(
            CustomerHistoryNames.Of(r.Field), r.Old, r.New, username, DateTimeOffset.FromUnixTimeSeconds(changedAt), CustomerHistoryNames.Of(via)))]);
}
