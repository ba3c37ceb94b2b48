using System.Runtime.CompilerServices;
using Dapper;
using Jarvis.Core.Data;
using Jarvis.Core.Security;

namespace Jarvis.Core.Customers;

/// <summary>
/// The one way to read and change customers, for the API and the portal alike. The caller is always the
/// <see cref="ICurrentUser"/>, and what they may reach is decided by <see cref="AccessPolicy"/> inside each SQL statement.
/// </summary>
public sealed class CustomerService(JarvisDatabase database, ICurrentUser currentUser, AccessPolicy policy)
{
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

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<SummaryRow>(sql, parameters);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return new CustomerSummary(row.Id, row.Name, row.ServiceNumbers ?? "", row.Reference);
        }
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
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
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
        var row = await connection.QuerySingleOrDefaultAsync<DetailsRow>(new CommandDefinition(
            _sql.GetById, ScopeParameters(scope, id), cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var numbers = (await connection.QueryAsync<string>(new CommandDefinition(
            CustomerSql.ServiceNumbersOf, new { id }, cancellationToken: cancellationToken))).ToList();
        return new CustomerDetails(row.Id, row.Name, numbers, row.Reference, row.Description, row.ParentId, row.ParentName, scope.CanWrite);
    }

    /// <summary>
    /// Changes reference and description. Refusals are values and change nothing. Who may change what is decided
    /// first, before the input is looked at: a caller who may not change the customer, or who cannot see every
    /// customer and names one that does not exist, gets "You may not change customer &lt;id&gt;." whatever they sent (one
    /// answer, no probing); a caller who sees every customer gets Updated(0) for an id that does not exist
    /// (customer-api.txt). Only then the rules of API.md section 4 (lengths, control characters, a reference in use).
    /// </summary>
    public async Task<UpdateResult> UpdateAsync(long id, CustomerChange change, CancellationToken cancellationToken = default)
    {
        var scope = await ScopeAsync(cancellationToken);
        if (!scope.CanWrite || scope.SeesNothing)
        {
            return new UpdateResult.Refused(CustomerRules.MayNotChange(id));
        }

        var parameters = ScopeParameters(scope, id);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(_sql.IsVisible, parameters, tx, cancellationToken: cancellationToken)) == 0)
        {
            return scope.SeeAll ? new UpdateResult.Updated(0) : new UpdateResult.Refused(CustomerRules.MayNotChange(id));
        }

        change = new CustomerChange(NullIfEmpty(change.Reference), NullIfEmpty(change.Description));
        if (CustomerRules.Validate(change) is { } invalid)
        {
            return invalid;
        }

        parameters.Add("reference", change.Reference);
        parameters.Add("description", change.Description);
        if (change.Reference is not null && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                _sql.ReferenceUsedElsewhere, parameters, tx, cancellationToken: cancellationToken)) > 0)
        {
            return new UpdateResult.Refused(CustomerRules.ReferenceInUse(change.Reference), CustomerField.Reference);
        }

        int modified;
        try
        {
            modified = await connection.ExecuteAsync(new CommandDefinition(_sql.Update, parameters, tx, cancellationToken: cancellationToken));
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            // Another writer took the reference between our check and our update (Oracle; SQLite's write lock prevents it).
            return new UpdateResult.Refused(CustomerRules.ReferenceInUse(change.Reference!), CustomerField.Reference);
        }

        if (modified == 0 && !scope.SeeAll)
        {
            // Deleted or moved out of reach since the check above.
            return new UpdateResult.Refused(CustomerRules.MayNotChange(id));
        }

        await tx.CommitAsync(cancellationToken);
        return new UpdateResult.Updated(modified);
    }

    private async Task<AccessScope> ScopeAsync(CancellationToken cancellationToken) =>
        policy.ScopeFor(await currentUser.GetUserAsync(cancellationToken));

    private DynamicParameters SearchParameters(AccessScope scope, string? term)
    {
        var parameters = ScopeParameters(scope, null);
        var hasTerm = !string.IsNullOrWhiteSpace(term);
        var digits = hasTerm ? TextFolding.ServiceNumberTerm(term!) : "";
        parameters.Add("term", hasTerm ? database.Dialect.FoldTerm(term!.Trim()) : null);
        parameters.Add("sn_term", digits.Length > 0 ? database.Dialect.FoldTerm(digits) : null);
        return parameters;
    }

    private static DynamicParameters ScopeParameters(AccessScope scope, long? id)
    {
        var parameters = new DynamicParameters();
        parameters.Add("see_all", scope.SeeAll ? 1 : 0);
        parameters.Add("root_id", scope.RootCustomerId);
        if (id is not null)
        {
            parameters.Add("id", id);
        }

        return parameters;
    }

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
