using System.Data.Common;
using Dapper;
using Jarvis.Core.Data;
using Jarvis.Core.Security;

namespace Jarvis.Core.Customers;

/// <summary>Changing customers: each change in one transaction with its history rows.</summary>
public sealed partial class CustomerService
{
    /// <summary>
    /// Changes reference and description, and writes one JARVIS_CUSTOMER_HISTORY row per field whose value changed, in
    /// the same transaction (a change to no value writes none). Refusals are values and change nothing. Who may change
    /// what is decided first, before the input is looked at: a caller who may not change the customer, or who cannot
    /// see every customer and names one that does not exist, gets "You may not change customer &lt;id&gt;." whatever they
    /// sent (one answer, no probing); a caller who sees every customer gets Updated(0) for an id that does not exist
    /// (customer-api.txt). Then <paramref name="expectedVersion"/>, when given, must equal the stored values'
    /// <see cref="CustomerVersion"/> (any other text, "" included, never does): else <see cref="UpdateResult.Conflict"/>,
    /// also for an id that no longer exists. The comparison and the write hold the row's write lock together. Only then
    /// the rules of API.md section 4 (lengths, control characters, a reference in use). <paramref name="via"/> is the
    /// channel the caller serves, recorded in the history.
    /// </summary>
    public async Task<UpdateResult> UpdateAsync(
        long id, CustomerChange change, ChangeChannel via, string? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.GetUserAsync(cancellationToken);
        var result = await UpdateAsAsync(user, id, change, via, expectedVersion, cancellationToken);
        switch (result)
        {
            case UpdateResult.Refused or UpdateResult.Conflict:
                telemetry.CustomerChangeRefused(user?.Username, id);
                break;
            case UpdateResult.Updated { Modified: 0 }:
                telemetry.CustomerChangeFoundNothing(user!.Username, id);
                break;
        }

        return result;
    }

    private async Task<UpdateResult> UpdateAsAsync(
        JarvisUser? user, long id, CustomerChange change, ChangeChannel via, string? expectedVersion, CancellationToken cancellationToken)
    {
        var scope = policy.ScopeFor(user);
        if (user is null || !scope.CanWrite || scope.SeesNothing)
        {
            return new UpdateResult.Refused(CustomerRules.MayNotChange(id));
        }

        // Each statement binds exactly the names it uses: ODP.NET refuses a bound name the text lacks (ORA-01036).
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await connection.QuerySingleOrDefaultAsync<StoredValues>(database.Command(
            _sql.CurrentValuesForUpdate, ScopedId(scope, id), tx, cancellationToken));
        if (before is null)
        {
            return !scope.SeeAll ? new UpdateResult.Refused(CustomerRules.MayNotChange(id))
                : expectedVersion is null ? new UpdateResult.Updated(0)
                : new UpdateResult.Conflict(CustomerRules.ChangedSinceRead(id));
        }

        if (expectedVersion is not null
            && !string.Equals(expectedVersion, CustomerVersion.Of(before.Name, before.Reference, before.Description), StringComparison.Ordinal))
        {
            return new UpdateResult.Conflict(CustomerRules.ChangedSinceRead(id));
        }

        change = new CustomerChange(NullIfEmpty(change.Reference), NullIfEmpty(change.Description));
        if (CustomerRules.Validate(change, database.LengthSemantics) is { } invalid)
        {
            return invalid;
        }

        if (change.Reference is not null && await connection.ExecuteScalarAsync<long>(database.Command(
                _sql.ReferenceUsedElsewhere, new { reference = change.Reference, id }, tx, cancellationToken)) > 0)
        {
            return new UpdateResult.Refused(CustomerRules.ReferenceInUse(change.Reference), CustomerField.Reference);
        }

        int modified;
        try
        {
            var update = new
            {
                reference = change.Reference,
                description = change.Description,
                id,
                see_all = scope.SeeAll ? 1 : 0,
                root_id = scope.RootCustomerId,
            };
            modified = await connection.ExecuteAsync(database.Command(_sql.Update, update, tx, cancellationToken));
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            // Another writer took the reference between our check and our update (Oracle; SQLite's write lock prevents it).
            return new UpdateResult.Refused(CustomerRules.ReferenceInUse(change.Reference!), CustomerField.Reference);
        }
        catch (DbException e) when (database.Dialect.ValueTooLongColumn(e) is { } column && CustomerRules.TooLongFor(column) is { } tooLong)
        {
            // The column counts differently from the configured semantics (ORA-12899): the field's refusal, not an outage.
            return tooLong;
        }

        if (modified == 0)
        {
            // Cannot happen while the row read above is locked; if it does, write no history and report nothing changed.
            return new UpdateResult.Refused(CustomerRules.MayNotChange(id));
        }

        var changedAt = _time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var (field, old, @new) in ChangedFields(before, change))
        {
            var row = new DynamicParameters();
            row.Add("changed_at", changedAt);
            row.Add("username", user.Username);
            row.Add("id", id);
            row.Add("field", CustomerHistoryNames.Of(field));
            row.Add("old_value", old);
            row.Add("new_value", @new);
            row.Add("via", CustomerHistoryNames.Of(via));
            await connection.ExecuteAsync(database.Command(CustomerSql.InsertHistory, row, tx, cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        AnnounceCommitted(id, user.Username, changedAt, via, ChangedFields(before, change));
        telemetry.CustomerChanged(user.Username, id, [.. ChangedFields(before, change).Select(f => CustomerHistoryNames.Of(f.Field))]);
        return new UpdateResult.Updated(modified, CustomerVersion.Of(before.Name, change.Reference, change.Description));
    }

    private static IEnumerable<(CustomerField Field, string? Old, string? New)> ChangedFields(StoredValues before, CustomerChange change)
    {
        if (!string.Equals(before.Reference, change.Reference, StringComparison.Ordinal))
        {
            yield return (CustomerField.Reference, before.Reference, change.Reference);
        }

        if (!string.Equals(before.Description, change.Description, StringComparison.Ordinal))
        {
            yield return (CustomerField.Description, before.Description, change.Description);
        }
    }

    private sealed class StoredValues
    {
        public string Name { get; set; } = "";
        public string? Reference { get; set; }
        public string? Description { get; set; }
    }
}
