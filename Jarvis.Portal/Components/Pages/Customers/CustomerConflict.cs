using Jarvis.Core.Customers;

namespace Jarvis.Portal.Components.Pages.Customers;

/// <summary>
/// What the edit page shows when Save finds that the customer changed after it was loaded (nothing was saved): the
/// customer as it is now, and per field that changed meanwhile, the saved value, the operator's input and the newest
/// history entry of that field (who changed it, when, how).
/// </summary>
public sealed record CustomerConflict(CustomerDetails Current, IReadOnlyList<ConflictField> Fields)
{
    /// <summary>The users who made the changes, newest first, each once; empty when none of them is in the history.</summary>
    public IReadOnlyList<string> ChangedBy =>
        [.. Fields.Where(f => f.LastChange is not null).OrderByDescending(f => f.LastChange!.ChangedAt).Select(f => f.LastChange!.Username).Distinct()];

    /// <param name="loaded">The customer as the page loaded it.</param>
    /// <param name="current">The customer as it is now.</param>
    /// <param name="reference">The operator's input for the reference.</param>
    /// <param name="description">The operator's input for the description.</param>
    /// <param name="history">The customer's newest history entries, newest first.</param>
    public static CustomerConflict Between(
        CustomerDetails loaded, CustomerDetails current, string reference, string description, IReadOnlyList<CustomerHistoryEntry> history)
    {
        var fields = new List<ConflictField>();
        if (!string.Equals(loaded.Reference, current.Reference, StringComparison.Ordinal))
        {
            fields.Add(new(CustomerField.Reference, current.Reference, reference, history.FirstOrDefault(e => e.Field == CustomerField.Reference)));
        }

        if (!string.Equals(loaded.Description, current.Description, StringComparison.Ordinal))
        {
            fields.Add(new(CustomerField.Description, current.Description, description, history.FirstOrDefault(e => e.Field == CustomerField.Description)));
        }

        return new CustomerConflict(current, fields);
    }
}

/// <summary>One field that someone else changed: their saved value, the operator's input, and the newest change of it (null when made outside Jarvis).</summary>
public sealed record ConflictField(CustomerField Field, string? Theirs, string Yours, CustomerHistoryEntry? LastChange);
