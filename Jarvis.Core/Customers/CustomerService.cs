using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Dapper;
using Jarvis.Core.Data;
using Jarvis.Core.Diagnostics;
using Jarvis.Core.Security;

namespace Jarvis.Core.Customers;

/// <summary>
/// The one way to read and change customers, for the API and the portal alike. The caller is always the
/// <see cref="ICurrentUser"/>, and what they may reach is decided by <see cref="AccessPolicy"/> inside each SQL statement.
/// </summary>
public sealed class CustomerService(
    JarvisDatabase database, ICurrentUser currentUser, AccessPolicy policy, JarvisTelemetry telemetry, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private static readonly Dictionary<Type, CustomerSql> SqlByDialect = [];
    private readonly CustomerSql _sql = SqlFor(database.Dialect);

    /// <summary>
    /// The visible customers matching <paramref name="query"/>, streamed row by row: memory does not grow with the result.
    /// A negative offset or limit throws <see cref="ArgumentOutOfRangeException"/> (SQLite and Oracle would read it differently).
    /// </summary>
    public async IAsyncEnumerable<CustomerSummary> SearchAsync(
        CustomerQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query.Offset));
        if (query.Limit is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(query.Limit));
        }

        var scope = await ScopeAsync(cancellationToken);
        if (scope.SeesNothing)
        {
            yield break;
        }

        var sql = _sql.Search[query.Sort];
        var parameters = SearchParameters(scope, query.Term);
        if (query.Limit is not null || query.Offset > 0)
        {
            sql = $"{sql}\n{_sql.Paging}";
            parameters.Add("offset", query.Offset);
            parameters.Add("limit", query.Limit ?? long.MaxValue);
        }

        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<SummaryRow>(sql, parameters, commandTimeout: database.CommandTimeout);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return new CustomerSummary(row.Id, row.Name, row.ServiceNumbers ?? "", row.Reference);
        }

        telemetry.SearchCompleted(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>How many visible customers match <paramref name="term"/>.</summary>
    public async Task<long> CountAsync(string? term, CancellationToken cancellationToken = default)
    {
        var scope = await ScopeAsync(cancellationToken);
        if (scope.SeesNothing)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(database.Command(
            _sql.Count, SearchParameters(scope, term), cancellationToken: cancellationToken));
    }

    /// <summary>The customer, or null when it does not exist or the caller may not see it (one answer for both).</summary>
    public async Task<CustomerDetails?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var scope = await ScopeAsync(cancellationToken);
        if (scope.SeesNothing)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DetailsRow>(database.Command(
            _sql.GetById, ScopedId(scope, id), cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var numbers = (await connection.QueryAsync<string>(database.Command(
            CustomerSql.ServiceNumbersOf, new { id }, cancellationToken: cancellationToken))).ToList();
        return new CustomerDetails(row.Id, row.Name, numbers, row.Reference, row.Description, row.ParentId, row.ParentName, scope.CanWrite);
    }

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
        telemetry.CustomerChanged(user.Username, id, [.. ChangedFields(before, change).Select(f => CustomerHistoryNames.Of(f.Field))]);
        return new UpdateResult.Updated(modified, CustomerVersion.Of(before.Name, change.Reference, change.Description));
    }

    /// <summary>
    /// The customer's history, newest first (one entry per changed field), a page of it and the count of all; null when
    /// the customer does not exist or the caller may not see it (one answer for both, as <see cref="GetAsync"/>).
    /// </summary>
    public async Task<ResultPage<CustomerHistoryEntry>?> GetHistoryAsync(
        long id, long offset = 0, long? limit = null, CancellationToken cancellationToken = default)
    {
        var scope = await VisibleScopeAsync(offset, limit, cancellationToken);
        if (scope is null)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await IsVisibleAsync(connection, scope, id, cancellationToken))
        {
            return null;
        }

        var rows = await connection.QueryAsync<HistoryRow>(database.Command(
            _sql.History, PagedParameters(scope, id, offset, limit), cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(database.Command(
            _sql.HistoryCount, ScopedId(scope, id), cancellationToken: cancellationToken));
        return new ResultPage<CustomerHistoryEntry>(
            [.. rows.Select(r => new CustomerHistoryEntry(
                DateTimeOffset.FromUnixTimeSeconds(r.ChangedAt), r.Username, CustomerHistoryNames.FieldNamed(r.Field),
                r.OldValue, r.NewValue, CustomerHistoryNames.ChannelNamed(r.Via)))],
            total);
    }

    /// <summary>
    /// The customers above this one that the caller may see, top first, ending with its parent: up to the root for
    /// users who see every customer, up to their own customer for ACS users (never a name above it). Empty for a
    /// top customer; null when the customer does not exist or the caller may not see it.
    /// </summary>
    public async Task<IReadOnlyList<CustomerLink>?> GetParentChainAsync(long id, CancellationToken cancellationToken = default)
    {
        var scope = await ScopeAsync(cancellationToken);
        if (scope.SeesNothing)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ChainRow>(database.Command(
            _sql.ParentChain, ScopedId(scope, id), cancellationToken: cancellationToken))).ToDictionary(r => r.Id);
        if (!rows.TryGetValue(id, out var current))
        {
            return null;
        }

        // Follow the parent links among the visible rows; a cycle in the data ends the walk.
        var chain = new List<CustomerLink>();
        var seen = new HashSet<long> { id };
        while (current.ParentId is { } parentId && seen.Add(parentId) && rows.TryGetValue(parentId, out var parent))
        {
            chain.Add(new CustomerLink(parent.Id, parent.Name));
            current = parent;
        }

        chain.Reverse();
        return chain;
    }

    /// <summary>
    /// The customers directly below this one that the caller may see, by name, a page of them and the count of all;
    /// null when the customer does not exist or the caller may not see it.
    /// </summary>
    public async Task<ResultPage<CustomerLink>?> GetChildrenAsync(
        long id, long offset = 0, long? limit = null, CancellationToken cancellationToken = default)
    {
        var scope = await VisibleScopeAsync(offset, limit, cancellationToken);
        if (scope is null)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await IsVisibleAsync(connection, scope, id, cancellationToken))
        {
            return null;
        }

        var rows = await connection.QueryAsync<CustomerLink>(database.Command(
            _sql.Children, PagedParameters(scope, id, offset, limit), cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(database.Command(
            _sql.ChildCount, ScopedId(scope, id), cancellationToken: cancellationToken));
        return new ResultPage<CustomerLink>([.. rows], total);
    }

    /// <summary>The caller's scope, or null when it sees nothing; a negative offset or limit throws.</summary>
    private async Task<AccessScope?> VisibleScopeAsync(long offset, long? limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (limit is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(limit));
        }

        var scope = await ScopeAsync(cancellationToken);
        return scope.SeesNothing ? null : scope;
    }

    private async Task<bool> IsVisibleAsync(DbConnection connection, AccessScope scope, long id, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(database.Command(
            _sql.IsVisible, ScopedId(scope, id), cancellationToken: cancellationToken)) > 0;

    private static object PagedParameters(AccessScope scope, long id, long offset, long? limit) =>
        new { see_all = scope.SeeAll ? 1 : 0, root_id = scope.RootCustomerId, id, offset, limit = limit ?? long.MaxValue };

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

    private async Task<AccessScope> ScopeAsync(CancellationToken cancellationToken) =>
        policy.ScopeFor(await currentUser.GetUserAsync(cancellationToken));

    private DynamicParameters SearchParameters(AccessScope scope, string? term)
    {
        var parameters = new DynamicParameters();
        parameters.Add("see_all", scope.SeeAll ? 1 : 0);
        parameters.Add("root_id", scope.RootCustomerId);
        var hasTerm = !string.IsNullOrWhiteSpace(term);
        var digits = hasTerm ? TextFolding.ServiceNumberTerm(term!) : "";
        parameters.Add("term", hasTerm ? database.Dialect.FoldTerm(term!.Trim()) : null);
        parameters.Add("sn_term", digits.Length > 0 ? database.Dialect.FoldTerm(digits) : null);
        return parameters;
    }

    /// <summary>The binds of a statement about one customer under the visible-customers predicate.</summary>
    private static object ScopedId(AccessScope scope, long id) => new { see_all = scope.SeeAll ? 1 : 0, root_id = scope.RootCustomerId, id };

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static CustomerSql SqlFor(ISqlDialect dialect)
    {
        lock (SqlByDialect)
        {
            if (!SqlByDialect.TryGetValue(dialect.GetType(), out var sql))
            {
                SqlByDialect[dialect.GetType()] = sql = new CustomerSql(dialect);
            }

            return sql;
        }
    }

    private sealed class SummaryRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? ServiceNumbers { get; set; }
        public string? Reference { get; set; }
    }

    private sealed class StoredValues
    {
        public string Name { get; set; } = "";
        public string? Reference { get; set; }
        public string? Description { get; set; }
    }

    private sealed class HistoryRow
    {
        public long ChangedAt { get; set; }
        public string Username { get; set; } = "";
        public string Field { get; set; } = "";
        public string? OldValue { get; set; }
        public string? NewValue { get; set; }
        public string Via { get; set; } = "";
    }

    private sealed class ChainRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public long? ParentId { get; set; }
    }

    private sealed class DetailsRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? Reference { get; set; }
        public string? Description { get; set; }
        public long? ParentId { get; set; }
        public string? ParentName { get; set; }
    }
}
