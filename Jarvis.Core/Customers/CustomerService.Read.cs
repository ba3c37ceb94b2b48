using System.Data.Common;
using Dapper;
using Jarvis.Core.Data;
using Jarvis.Core.Security;

namespace Jarvis.Core.Customers;

/// <summary>Reading one customer: its details, its place in the tree and its history.</summary>
public sealed partial class CustomerService
{
    /// <summary>The customer, or null when it does not exist or the caller may not see it (one answer for both).</summary>
    public async Task<CustomerDetails?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var scope = await ScopeAsync(cancellationToken);
        if (scope.SeesNothing)
        {
            return null;
        }

        var parameters = new DynamicParameters();
        parameters.Add("id", id);
        if (!scope.SeeAll)
        {
            parameters.Add("root_id", scope.RootCustomerId);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<DetailsRow>(database.Command(
            _sql.GetById(subtree: !scope.SeeAll), parameters, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return null;
        }

        var row = rows[0];
        var numbers = rows.Where(r => r.ServiceNumber is not null).Select(r => r.ServiceNumber!).ToList();
        return new CustomerDetails(row.Id, row.Name, numbers, row.Reference, row.Description, row.ParentId, row.ParentName, scope.CanWrite);
    }

    /// <summary>
    /// The customer's history, newest first (one entry per changed field), a page of it and the count of all; null when
    /// the customer does not exist or the caller may not see it (one answer for both, as <see cref="GetAsync"/>). A
    /// caller who sees every customer also reads the history of a deleted customer (API.md section 9).
    /// </summary>
    public async Task<ResultPage<CustomerHistoryEntry>?> GetHistoryAsync(
        long id, long offset = 0, long? limit = null, CancellationToken cancellationToken = default)
    {
        var page = await PageOfVisibleAsync<HistoryRow>(id, offset, limit, _sql.History, _sql.HistoryCount, cancellationToken)
            ?? await HistoryOfDeletedAsync(id, offset, limit, cancellationToken);
        return page is null ? null : new ResultPage<CustomerHistoryEntry>(
            [.. page.Items.Select(r => new CustomerHistoryEntry(
                DateTimeOffset.FromUnixTimeSeconds(r.ChangedAt), r.Username, CustomerHistoryNames.FieldNamed(r.Field),
                r.OldValue, r.NewValue, CustomerHistoryNames.ChannelNamed(r.Via)) { TokenName = r.TokenName })],
            page.Total);
    }

    /// <summary>The history of an id no customer has (any more), for a caller who sees every customer; null when it has none.</summary>
    private async Task<ResultPage<HistoryRow>?> HistoryOfDeletedAsync(long id, long offset, long? limit, CancellationToken cancellationToken)
    {
        if (await VisibleScopeAsync(offset, limit, cancellationToken) is not { SeeAll: true })
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(database.Command(
            _lifecycle.HistoryCountOfAnyId, new { id }, cancellationToken: cancellationToken));
        if (total == 0)
        {
            return null;
        }

        var rows = await connection.QueryAsync<HistoryRow>(database.Command(
            _lifecycle.HistoryOfAnyId, new { id, offset, limit = limit ?? long.MaxValue }, cancellationToken: cancellationToken));
        return new ResultPage<HistoryRow>([.. rows], total);
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
            _sql.ParentChain.For(scope), ScopedId(scope, id), cancellationToken: cancellationToken))).ToDictionary(r => r.Id);
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
        // Read through a class with setters: Dapper builds a positional record only from columns of its exact types,
        // and ODP.NET gives a NUMBER column as decimal.
        var page = await PageOfVisibleAsync<ChainRow>(id, offset, limit, _sql.Children, _sql.ChildCount, cancellationToken);
        return page is null ? null : new ResultPage<CustomerLink>([.. page.Items.Select(r => new CustomerLink(r.Id, r.Name))], page.Total);
    }

    /// <summary>
    /// A page of <paramref name="pageSql"/>'s rows and <paramref name="countSql"/>'s total for the customer <c>:id</c>,
    /// in one connection; null when the customer does not exist or the caller may not see it.
    /// </summary>
    private async Task<ResultPage<TRow>?> PageOfVisibleAsync<TRow>(
        long id, long offset, long? limit, PerScope pageSql, PerScope countSql, CancellationToken cancellationToken)
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

        var rows = await connection.QueryAsync<TRow>(database.Command(
            pageSql.For(scope), PagedParameters(scope, id, offset, limit), cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(database.Command(
            countSql.For(scope), ScopedId(scope, id), cancellationToken: cancellationToken));
        return new ResultPage<TRow>([.. rows], total);
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
            _sql.IsVisible.For(scope), ScopedId(scope, id), cancellationToken: cancellationToken)) > 0;

    private static object PagedParameters(AccessScope scope, long id, long offset, long? limit) =>
        new { root_id = scope.RootCustomerId, id, offset, limit = limit ?? long.MaxValue };

    private sealed class HistoryRow
    {
        public long ChangedAt { get; set; }
        public string Username { get; set; } = "";
        public string Field { get; set; } = "";
        public string? OldValue { get; set; }
        public string? NewValue { get; set; }
        public string Via { get; set; } = "";

        public string? TokenName { get; set; }
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
        public string? ServiceNumber { get; set; }
    }
}
