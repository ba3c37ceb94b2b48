using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Data.Common;
using Dapper;
using Jarvis.Core.Data;
using Jarvis.Core.Security;

namespace Jarvis.Core.Customers;

/// <summary>Finding customers: the search, its pages and its counts, planned by <see cref="SearchPlanner"/>.</summary>
public sealed partial class CustomerService
{
    /// <summary>
    /// The largest count <see cref="CountUpToLimitAsync"/> gives exactly: 40 pages of 25. Counting further costs more
    /// than the page (a common word has 50,000 matches at 1,000,000 customers) and tells an operator nothing more.
    /// </summary>
    public const long CountDisplayLimit = 1_000;

    /// <summary>
    /// The visible customers matching <paramref name="query"/>, streamed row by row: memory does not grow with the result.
    /// A negative offset or limit throws <see cref="ArgumentOutOfRangeException"/> (SQLite and Oracle would read it differently).
    /// </summary>
    public async IAsyncEnumerable<CustomerSummary> SearchAsync(
        CustomerQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        CheckPaging(query);
        var scope = await ScopeAsync(cancellationToken);
        if (scope.SeesNothing)
        {
            yield break;
        }

        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        using var interrupt = database.Dialect.InterruptOnCancel(connection, cancellationToken);
        await using var rows = RowsAsync(connection, scope, query, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await NextAsync(rows, cancellationToken))
        {
            yield return rows.Current;
        }

        telemetry.SearchCompleted(Stopwatch.GetElapsedTime(started));
    }

    private async IAsyncEnumerable<CustomerSummary> RowsAsync(
        DbConnection connection, AccessScope scope, CustomerQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var terms = await planner.TermsAsync(connection, query.Term, scope, cancellationToken);
        await foreach (var row in RowsAsync(connection, scope, terms, query, knownCount: null, cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>The next row; a statement stopped because the caller cancelled (<see cref="ISqlDialect.InterruptOnCancel"/>) throws as the cancellation it is.</summary>
    private async ValueTask<bool> NextAsync(IAsyncEnumerator<CustomerSummary> rows, CancellationToken cancellationToken)
    {
        try
        {
            return await rows.MoveNextAsync();
        }
        catch (DbException e) when (Interrupted(e, cancellationToken))
        {
            throw Cancelled(e, cancellationToken);
        }
    }

    private bool Interrupted(DbException exception, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested && database.Dialect.IsInterrupted(exception);

    private static OperationCanceledException Cancelled(DbException exception, CancellationToken cancellationToken) =>
        new("The search was cancelled: its statement was stopped.", exception, cancellationToken);

    /// <summary>
    /// One page of the search (<see cref="CustomerQuery.Limit"/> is required) and how many customers match, as
    /// <see cref="CountUpToLimitAsync"/> counts them: the portal's list in one call. A term with at most
    /// <see cref="CountDisplayLimit"/> matches is answered by one statement that sorts only those; more matches are
    /// counted to the limit and their page found as <see cref="SearchAsync"/> finds it.
    /// </summary>
    public async Task<ResultPage<CustomerSummary>> SearchPageAsync(CustomerQuery query, CancellationToken cancellationToken = default)
    {
        CheckPaging(query);
        var limit = query.Limit ?? throw new ArgumentException("A page needs a limit.", nameof(query));
        var scope = await ScopeAsync(cancellationToken);
        if (scope.SeesNothing)
        {
            return new ResultPage<CustomerSummary>([], 0);
        }

        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        using var interrupt = database.Dialect.InterruptOnCancel(connection, cancellationToken);
        try
        {
            var terms = await planner.TermsAsync(connection, query.Term, scope, cancellationToken);
            long? count = null;
            // A term counted just before with more matches than the limit (the portal paging through it) walks at once.
            if (!(planner.RecentCount(scope, terms) > CountDisplayLimit) && (terms.Name != MatchPart.None || terms.Number != MatchPart.None))
            {
                var shape = new SearchShape(!scope.SeeAll, terms.Name, terms.Number, query.Sort, Walk: false, Paged: true);
                var parameters = terms.Bind(scope);
                parameters.Add("offset", query.Offset);
                parameters.Add("limit", limit);
                var rows = (await connection.QueryAsync<CountedRow>(database.Command(
                    _sql.SearchCounted(shape, CountDisplayLimit + 1), parameters, cancellationToken: cancellationToken))).AsList();
                // No row on the first page means no match; a total within the limit is exact, and the page is the right one.
                count = rows.Count > 0 ? rows[0].Total : query.Offset == 0 ? 0 : null;
                if (count <= CountDisplayLimit)
                {
                    planner.Remember(scope, terms, count.Value);
                    telemetry.SearchCompleted(Stopwatch.GetElapsedTime(started));
                    return new ResultPage<CustomerSummary>([.. rows.Select(r => r.Summary())], count.Value);
                }

                // More matches than the limit: their page may come from a walk. A page past the end carries no total.
            }

            count ??= await CountOnAsync(connection, scope, terms, CountDisplayLimit + 1, cancellationToken);
            planner.Remember(scope, terms, count.Value);
            var page = new List<CustomerSummary>();
            await foreach (var row in RowsAsync(connection, scope, terms, query, count, cancellationToken))
            {
                page.Add(row);
            }

            telemetry.SearchCompleted(Stopwatch.GetElapsedTime(started));
            return new ResultPage<CustomerSummary>(page, count.Value);
        }
        catch (DbException e) when (Interrupted(e, cancellationToken))
        {
            throw Cancelled(e, cancellationToken);
        }
    }

    private static void CheckPaging(CustomerQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query.Offset));
        if (query.Limit is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(query.Limit));
        }
    }

    /// <summary>The rows of <paramref name="query"/>; <paramref name="knownCount"/>, when given, is its count up to the display limit.</summary>
    private async IAsyncEnumerable<CustomerSummary> RowsAsync(
        DbConnection connection, AccessScope scope, SearchTerms terms, CustomerQuery query, long? knownCount,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var paged = query.Limit is not null || query.Offset > 0;
        var plan = await planner.PlanAsync(connection, scope, terms, query, paged, knownCount, boundedTried: false, cancellationToken);
        if (plan == WalkPlan.BoundedWalk)
        {
            // A page the first customers of the order fill is the right one; a short one says only that they do not.
            var scanning = terms.ScanningName();
            var page = (await connection.QueryAsync<SummaryRow>(database.Command(
                _sql.Search(new SearchShape(false, scanning.Name, scanning.Number, query.Sort, Walk: true, Paged: true, Bounded: true)),
                Paging(scanning.Bind(scope), query), cancellationToken: cancellationToken))).AsList();
            if (page.Count == query.Limit)
            {
                foreach (var row in page)
                {
                    yield return row.Summary();
                }

                yield break;
            }

            plan = await planner.PlanAsync(connection, scope, terms, query, paged, knownCount, boundedTried: true, cancellationToken);
        }

        var shape = new SearchShape(!scope.SeeAll, terms.Name, terms.Number, query.Sort, plan == WalkPlan.Walk, paged);
        var parameters = paged ? Paging(terms.Bind(scope), query) : terms.Bind(scope);
        var rows = connection.QueryUnbufferedAsync<SummaryRow>(_sql.Search(shape), parameters, commandTimeout: database.CommandTimeout);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row.Summary();
        }
    }

    private static DynamicParameters Paging(DynamicParameters parameters, CustomerQuery query)
    {
        parameters.Add("offset", query.Offset);
        parameters.Add("limit", query.Limit ?? long.MaxValue);
        return parameters;
    }

    /// <summary>How many visible customers match <paramref name="term"/>.</summary>
    public Task<long> CountAsync(string? term, CancellationToken cancellationToken = default) =>
        CountAsync(term, limit: null, cancellationToken);

    /// <summary>
    /// Like <see cref="CountAsync(string?, CancellationToken)"/>, but stops counting past <see cref="CountDisplayLimit"/>:
    /// a result above the limit means "more than 1,000" (the portal shows "1,000+"). Counting all 50,000 matches of a
    /// common word costs more than finding their first page.
    /// </summary>
    public Task<long> CountUpToLimitAsync(string? term, CancellationToken cancellationToken = default) =>
        CountAsync(term, CountDisplayLimit + 1, cancellationToken);

    private async Task<long> CountAsync(string? term, long? limit, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(cancellationToken);
        if (scope.SeesNothing)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        using var interrupt = database.Dialect.InterruptOnCancel(connection, cancellationToken);
        try
        {
            var terms = await planner.TermsAsync(connection, term, scope, cancellationToken);
            var count = await CountOnAsync(connection, scope, terms, limit, cancellationToken);
            planner.Remember(scope, terms, count);
            return count;
        }
        catch (DbException e) when (Interrupted(e, cancellationToken))
        {
            throw Cancelled(e, cancellationToken);
        }
    }

    private async Task<long> CountOnAsync(
        DbConnection connection, AccessScope scope, SearchTerms terms, long? limit, CancellationToken cancellationToken)
    {
        var shape = new SearchShape(!scope.SeeAll, terms.Name, terms.Number, CustomerSort.NameAscending, Walk: false, Paged: false);
        return await connection.ExecuteScalarAsync<long>(database.Command(
            limit is null ? _sql.Count(shape) : _sql.CountUpTo(shape, limit.Value), terms.Bind(scope), cancellationToken: cancellationToken));
    }


    private class SummaryRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? ServiceNumbers { get; set; }
        public string? Reference { get; set; }

        public CustomerSummary Summary() => new(Id, Name, ServiceNumbers ?? "", Reference);
    }

    private sealed class CountedRow : SummaryRow
    {
        public long Total { get; set; }
    }
}
