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
    /// the same transaction (a change to no value writes none). Refusals are values and change nothing. The values'
    /// own rules (lengths, control characters) come first, for every caller and id, so that a script learns its mistake
    /// whatever the id. Then who may change what: a caller who may not change the customer, or who cannot see every
    /// customer and names one that does not exist, gets "You may not change customer &lt;id&gt;." (one answer, no
    /// probing); a caller who sees every customer gets Updated(0) for an id that does not exist (customer-api.txt). Then
    /// <paramref name="expectedVersion"/>, when given, must equal the stored values' <see cref="CustomerVersion"/> (any
    /// other text, "" included, never does): else <see cref="UpdateResult.Conflict"/>, also for an id that no longer
    /// exists. The comparison and the write hold the row's write lock together. Last, a reference used by another
    /// customer. <paramref name="via"/> is the channel the caller serves, recorded in the history.
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
        change = new CustomerChange(NullIfEmpty(change.Reference), NullIfEmpty(change.Description));
        if (CustomerRules.Validate(change, database.LengthSemantics) is { } invalid)
        {
            return invalid;
        }

        var scope = policy.ScopeFor(user);
        if (user is null || !scope.CanWrite || scope.SeesNothing)
        {
            return new UpdateResult.Refused(CustomerRules.MayNotChange(id));
        }

        // Each statement binds exactly the names it uses: ODP.NET refuses a bound name the text lacks (ORA-01036).
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var (connection, tx) = (write.Connection, write.Transaction);
        var before = await connection.QuerySingleOrDefaultAsync<StoredValues>(database.Command(
            _sql.CurrentValuesForUpdate.For(scope), ScopedId(scope, id), tx, cancellationToken));
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
                root_id = scope.RootCustomerId,
            };
            modified = await connection.ExecuteAsync(database.Command(_sql.Update.For(scope), update, tx, cancellationToken));
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

        var changed = await CommitWithHistoryAsync(write, user, id, via, ChangedFields(before, change), cancellationToken);
        telemetry.CustomerChanged(user.Username, id, [.. changed.Select(f => CustomerHistoryNames.Of(f.Field))]);
        return new UpdateResult.Updated(modified, CustomerVersion.Of(before.Name, change.Reference, change.Description));
    }

    /// <summary>
    /// Creates a customer (API.md section 9) and writes one history row per field it was given, in one transaction.
    /// Refusals are values and create nothing. The name is trimmed and the values checked first, for every caller; then
    /// the caller must be in an admin write group ("You may not create customers."); then the parent: none puts the
    /// customer at the top for a caller who sees every customer, and below their own customer for an ACS user; a parent
    /// the caller may not change, or that does not exist, gets "You may not create a customer below customer &lt;id&gt;."
    /// (the insert itself only succeeds within the caller's reach). Last, a name used by any customer (compared
    /// case-insensitively) or a reference used by another.
    /// </summary>
    public async Task<CreateResult> CreateAsync(NewCustomer customer, ChangeChannel via, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.GetUserAsync(cancellationToken);
        var result = await CreateAsAsync(user, customer, via, cancellationToken);
        if (result is CreateResult.Created created)
        {
            telemetry.CustomerCreated(user!.Username, created.Id);
        }
        else
        {
            telemetry.CustomerCreateRefused(user?.Username);
        }

        return result;
    }

    private async Task<CreateResult> CreateAsAsync(JarvisUser? user, NewCustomer customer, ChangeChannel via, CancellationToken cancellationToken)
    {
        customer = new NewCustomer(
            customer.Name?.Trim(), NullIfEmpty(customer.Reference), NullIfEmpty(customer.Description), customer.ParentId);
        if (CustomerRules.Validate(customer, database.LengthSemantics) is { } invalid)
        {
            return invalid;
        }

        var scope = policy.ScopeFor(user);
        if (user is null || !scope.CanWrite || scope.SeesNothing)
        {
            return new CreateResult.Refused(CustomerRules.MayNotCreate);
        }

        var parentId = customer.ParentId ?? (scope.SeeAll ? null : scope.RootCustomerId);
        if (database.NextCustomerId is not { } nextId)
        {
            return new CreateResult.Refused(
                $"Creating customers needs the sequence for new customer ids: set {JarvisDatabase.CustomerIdSequenceSetting} (docs/ORACLE.md).");
        }

        await using var write = await database.BeginWriteAsync(cancellationToken);
        var (connection, tx) = (write.Connection, write.Transaction);
        var name = customer.Name!;
        if (await connection.ExecuteScalarAsync<long>(database.Command(
                _lifecycle.NameInUse, new { name = database.Dialect.FoldTerm(name) }, tx, cancellationToken)) > 0)
        {
            return new CreateResult.Refused(CustomerRules.NameInUse(name), CustomerField.Name);
        }

        if (customer.Reference is { } reference && await connection.ExecuteScalarAsync<long>(database.Command(
                _sql.ReferenceUsedElsewhere, new { reference, id = 0L }, tx, cancellationToken)) > 0)
        {
            return new CreateResult.Refused(CustomerRules.ReferenceInUse(reference), CustomerField.Reference);
        }

        var id = await connection.ExecuteScalarAsync<long>(database.Command(nextId, transaction: tx, cancellationToken: cancellationToken));
        var row = new DynamicParameters();
        row.Add("id", id);
        row.Add("name", name);
        row.Add("reference", customer.Reference);
        row.Add("description", customer.Description);
        if (parentId is not null)
        {
            row.Add("parent_id", parentId);
            if (!scope.SeeAll)
            {
                row.Add("root_id", scope.RootCustomerId);
            }
        }

        int inserted;
        try
        {
            inserted = await connection.ExecuteAsync(database.Command(
                parentId is null ? _lifecycle.InsertAtTop : _lifecycle.InsertBelow(subtree: !scope.SeeAll), row, tx, cancellationToken));
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            // Another writer took the name or the reference since the checks above (Oracle; SQLite's write lock prevents it).
            return new CreateResult.Refused(CustomerRules.NameInUse(name), CustomerField.Name);
        }
        catch (DbException e) when (database.Dialect.ValueTooLongColumn(e) is { } column && CustomerRules.FieldOfColumn(column) is { } field)
        {
            return new CreateResult.Refused(field.TooLong, field.Field);
        }

        if (inserted == 0)
        {
            return new CreateResult.Refused(CustomerRules.MayNotCreateBelow(parentId!.Value), CustomerField.Parent);
        }

        var given = new (CustomerField, string?, string?)[]
        {
            (CustomerField.Name, null, name),
            (CustomerField.Reference, null, customer.Reference),
            (CustomerField.Description, null, customer.Description),
            (CustomerField.Parent, null, parentId?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        await CommitWithHistoryAsync(write, user, id, via, given.Where(f => f.Item3 is not null), cancellationToken);
        return new CreateResult.Created(id, CustomerVersion.Of(name, customer.Reference, customer.Description));
    }

    /// <summary>
    /// Deletes a customer (API.md section 9) and writes one history row per field that held a value, in one
    /// transaction. Refusals are values and delete nothing. A caller in an admin write group who sees every customer
    /// may delete any; for an id that does not exist they get Deleted(0). An ACS user may delete the customers below
    /// their own, never their own; for anything else, and for an id that does not exist, "You may not delete customer
    /// &lt;id&gt;." (one answer). <paramref name="expectedVersion"/> as in <see cref="UpdateAsync"/>. A customer that still
    /// has service numbers, customers below it, or rows of another table referring to it is refused with a message
    /// that says so, never as an outage.
    /// </summary>
    public async Task<DeleteResult> DeleteAsync(
        long id, ChangeChannel via, string? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.GetUserAsync(cancellationToken);
        var result = await DeleteAsAsync(user, id, via, expectedVersion, cancellationToken);
        switch (result)
        {
            case DeleteResult.Deleted { Modified: 1 }:
                telemetry.CustomerDeleted(user!.Username, id);
                break;
            case DeleteResult.Deleted:
                telemetry.CustomerChangeFoundNothing(user!.Username, id);
                break;
            default:
                telemetry.CustomerChangeRefused(user?.Username, id);
                break;
        }

        return result;
    }

    private async Task<DeleteResult> DeleteAsAsync(
        JarvisUser? user, long id, ChangeChannel via, string? expectedVersion, CancellationToken cancellationToken)
    {
        var scope = policy.ScopeFor(user);
        if (user is null || !scope.CanWrite || scope.SeesNothing)
        {
            return new DeleteResult.Refused(CustomerRules.MayNotDelete(id));
        }

        var subtree = !scope.SeeAll;
        object target = subtree ? new { id, root_id = scope.RootCustomerId } : new { id };
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var (connection, tx) = (write.Connection, write.Transaction);
        var before = await connection.QuerySingleOrDefaultAsync<StoredValues>(database.Command(
            _lifecycle.ValuesForDelete(subtree), target, tx, cancellationToken));
        if (before is null)
        {
            return subtree ? new DeleteResult.Refused(CustomerRules.MayNotDelete(id))
                : expectedVersion is null ? new DeleteResult.Deleted(0)
                : new DeleteResult.Conflict(CustomerRules.ChangedSinceRead(id));
        }

        if (expectedVersion is not null
            && !string.Equals(expectedVersion, CustomerVersion.Of(before.Name, before.Reference, before.Description), StringComparison.Ordinal))
        {
            return new DeleteResult.Conflict(CustomerRules.ChangedSinceRead(id));
        }

        if (await connection.ExecuteScalarAsync<long>(database.Command(_lifecycle.NumberCount, new { id }, tx, cancellationToken)) > 0)
        {
            return new DeleteResult.Refused(CustomerRules.StillHasNumbers(id));
        }

        if (await connection.ExecuteScalarAsync<long>(database.Command(_lifecycle.ChildCount, new { id }, tx, cancellationToken)) > 0)
        {
            return new DeleteResult.Refused(CustomerRules.StillHasChildren(id));
        }

        int deleted;
        try
        {
            deleted = await connection.ExecuteAsync(database.Command(_lifecycle.Delete(subtree), target, tx, cancellationToken));
        }
        catch (DbException e) when (database.Dialect.ReferencingConstraint(e) is { } constraint)
        {
            return new DeleteResult.Refused(CustomerRules.StillUsedElsewhere(id, constraint));
        }

        if (deleted == 0)
        {
            // Cannot happen while the row read above is locked; if it does, write no history and report nothing deleted.
            return new DeleteResult.Refused(CustomerRules.MayNotDelete(id));
        }

        var removed = new (CustomerField, string?, string?)[]
        {
            (CustomerField.Name, before.Name, null),
            (CustomerField.Reference, before.Reference, null),
            (CustomerField.Description, before.Description, null),
            (CustomerField.Parent, before.ParentId?.ToString(System.Globalization.CultureInfo.InvariantCulture), null),
        };
        await CommitWithHistoryAsync(write, user, id, via, removed.Where(f => f.Item2 is not null), cancellationToken);
        return new DeleteResult.Deleted(deleted);
    }

    /// <summary>
    /// Writes one JARVIS_CUSTOMER_HISTORY row per field, all stamped with the same time, in the change's transaction,
    /// commits it, then announces the rows to this process's open pages; returns the fields.
    /// </summary>
    private async Task<IReadOnlyList<(CustomerField Field, string? Old, string? New)>> CommitWithHistoryAsync(
        WriteTransaction write, JarvisUser user, long id, ChangeChannel via,
        IEnumerable<(CustomerField Field, string? Old, string? New)> changes, CancellationToken cancellationToken)
    {
        var fields = changes.ToList();
        var changedAt = _time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var (field, old, @new) in fields)
        {
            var row = new DynamicParameters();
            row.Add("changed_at", changedAt);
            row.Add("username", user.Username);
            row.Add("id", id);
            row.Add("field", CustomerHistoryNames.Of(field));
            row.Add("old_value", old);
            row.Add("new_value", @new);
            row.Add("via", CustomerHistoryNames.Of(via));
            row.Add("token_name", user.TokenName);
            await write.Connection.ExecuteAsync(database.Command(CustomerSql.InsertHistory, row, write.Transaction, cancellationToken));
        }

        await write.CommitAsync(cancellationToken);
        AnnounceCommitted(id, user.Username, changedAt, via, fields);
        return fields;
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

    /// <summary>A customer's stored values as a change reads them (an update's statement leaves the parent out).</summary>
    private sealed class StoredValues
    {
        public string Name { get; set; } = "";
        public string? Reference { get; set; }
        public string? Description { get; set; }
        public long? ParentId { get; set; }
    }
}
