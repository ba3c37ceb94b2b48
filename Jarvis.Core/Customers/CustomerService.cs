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
public sealed class CustomerService(JarvisDatabase database, ICurrentUser currentUser, AccessPolicy policy, JarvisTelemetry telemetry)
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
    /// Changes reference and description. Refusals are values and change nothing. Who may change what is decided
    /// first, before the input is looked at: a caller who may not change the customer, or who cannot see every
    /// customer and names one that does not exist, gets "You may not change customer &lt;id&gt;." whatever they sent (one
    /// answer, no probing); a caller who sees every customer gets Updated(0) for an id that does not exist
    /// (customer-api.txt). Only then the rules of API.md section 4 (lengths, control characters, a reference in use).
    /// </summary>
    public async Task<UpdateResult> UpdateAsync(long id, CustomerChange change, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.GetUserAsync(cancellationToken);
        var result = await UpdateAsAsync(user, id, change, cancellationToken);
        switch (result)
        {
            case UpdateResult.Refused:
                telemetry.CustomerChangeRefused(user?.Username, id);
                break;
            case UpdateResult.Updated { Modified: 0 }:
                telemetry.CustomerChangeFoundNothing(user!.Username, id);
                break;
        }

        return result;
    }

    private async Task<UpdateResult> UpdateAsAsync(JarvisUser? user, long id, CustomerChange change, CancellationToken cancellationToken)
    {
        var scope = policy.ScopeFor(user);
        if (!scope.CanWrite || scope.SeesNothing)
        {
            return new UpdateResult.Refused(CustomerRules.MayNotChange(id));
        }

        // Each statement binds exactly the names it uses: ODP.NET refuses a bound name the text lacks (ORA-01036).
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(database.Command(_sql.IsVisible, ScopedId(scope, id), tx, cancellationToken)) == 0)
        {
            return scope.SeeAll ? new UpdateResult.Updated(0) : new UpdateResult.Refused(CustomerRules.MayNotChange(id));
        }

        change = new CustomerChange(NullIfEmpty(change.Reference), NullIfEmpty(change.Description));
        if (CustomerRules.Validate(change, database.LengthSemantics) is { } invalid)
        {
            return invalid;
        }

        var before = await connection.QuerySingleOrDefaultAsync<ChangeableRow>(database.Command(
            CustomerSql.ChangeableValues, new { id }, tx, cancellationToken));
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

        if (modified == 0 && !scope.SeeAll)
        {
            // Deleted or moved out of reach since the check above.
            return new UpdateResult.Refused(CustomerRules.MayNotChange(id));
        }

        await tx.CommitAsync(cancellationToken);
        if (modified > 0)
        {
            telemetry.CustomerChanged(user!.Username, id, ChangedFields(before, change));
        }

        return new UpdateResult.Updated(modified);
    }

    /// <summary>The API names of the fields whose stored value the change replaced (names only, never values).</summary>
    private static List<string> ChangedFields(ChangeableRow? before, CustomerChange change)
    {
        var fields = new List<string>();
        if (!string.Equals(before?.Reference, change.Reference, StringComparison.Ordinal))
        {
            fields.Add("customer_reference");
        }

        if (!string.Equals(before?.Description, change.Description, StringComparison.Ordinal))
        {
            fields.Add("description");
        }

        return fields;
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

    private sealed class ChangeableRow
    {
        public string? Reference { get; set; }
        public string? Description { get; set; }
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
