using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Dapper;
using Jarvis.Core.Data;
using Jarvis.Core.Diagnostics;
using Jarvis.Core.Security;
using Jarvis.Core.Testing;

namespace Jarvis.Core.Customers;

/// <summary>
/// The one way to read and change customers, for the API and the portal alike. The caller is always the
/// <see cref="ICurrentUser"/>, and what they may reach is decided by <see cref="AccessPolicy"/> inside each SQL statement.
/// </summary>
public sealed class CustomerService(
    JarvisDatabase database, CustomerStatements statements, ICurrentUser currentUser, AccessPolicy policy, JarvisTelemetry telemetry,
    TimeProvider? timeProvider = null, SlowSearchHook? slowSearch = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly SlowSearchHook _slowSearch = slowSearch ?? SlowSearchHook.Off;

    /// <summary>
    /// The largest count <see cref="CountUpToLimitAsync"/> gives exactly: 40 pages of 25. Counting further costs more
    /// than the page (a common word has 50,000 matches at 1,000,000 customers) and tells an operator nothing more.
    /// </summary>
    public const long CountDisplayLimit = 1_000;

    /// <summary>Above this many index candidates a page near the top is found sooner by walking the name-order index.</summary>
    internal const int WalkFromCandidates = 5_000;

    /// <summary>A page ending deeper than this is found by sorting the matches, however many there are.</summary>
    internal const long WalkUpToRow = 1_000;

    /// <summary>
    /// A walk for a page ending no deeper than this, over a term known to have more than <see cref="CountDisplayLimit"/>
    /// matches, tests the name on each row walked rather than collecting the name's candidates first: at 0.1 % of the
    /// customers matching or more, it reads at most a thousand rows per row of the page.
    /// </summary>
    internal const long ScanWalkUpToRow = 50;

    /// <summary>
    /// Within an ACS user's subtree, a part uses the index only when its rarest piece is in fewer rows than this: reading
    /// more candidates costs more than testing each customer of a subtree of a few thousand.
    /// </summary>
    internal const long SubtreeIndexRows = 20_000;

    private readonly CustomerSql _sql = statements.Sql;
    private readonly ConcurrentDictionary<string, long> _pieceRows = statements.PieceRows;
    private readonly ConcurrentDictionary<string, long> _recentCounts = statements.RecentCounts;

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

        _slowSearch.BlockIfSlow(query.Term);
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
        var terms = await TermsAsync(connection, query.Term, scope, cancellationToken);
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

        _slowSearch.BlockIfSlow(query.Term);
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        using var interrupt = database.Dialect.InterruptOnCancel(connection, cancellationToken);
        try
        {
            var terms = await TermsAsync(connection, query.Term, scope, cancellationToken);
            long? count = null;
            // A term counted just before with more matches than the limit (the portal paging through it) walks at once.
            if (!(RecentCount(scope, terms) > CountDisplayLimit) && (terms.Name != MatchPart.None || terms.Number != MatchPart.None))
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
                    Remember(scope, terms, count.Value);
                    telemetry.SearchCompleted(Stopwatch.GetElapsedTime(started));
                    return new ResultPage<CustomerSummary>([.. rows.Select(r => r.Summary())], count.Value);
                }

                // More matches than the limit: their page may come from a walk. A page past the end carries no total.
            }

            count ??= await CountOnAsync(connection, scope, terms, CountDisplayLimit + 1, cancellationToken);
            Remember(scope, terms, count.Value);
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
        var (walk, scanName) = await ShouldWalkAsync(connection, scope, terms, query, paged, knownCount, cancellationToken);
        if (scanName)
        {
            terms = terms.ScanningName();
        }

        var shape = new SearchShape(!scope.SeeAll, terms.Name, terms.Number, query.Sort, walk, paged);
        var parameters = terms.Bind(scope);
        if (paged)
        {
            parameters.Add("offset", query.Offset);
            parameters.Add("limit", query.Limit ?? long.MaxValue);
        }

        var rows = connection.QueryUnbufferedAsync<SummaryRow>(_sql.Search(shape), parameters, commandTimeout: database.CommandTimeout);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row.Summary();
        }
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

        _slowSearch.BlockIfSlow(term);
        await using var connection = await database.OpenAsync(cancellationToken);
        using var interrupt = database.Dialect.InterruptOnCancel(connection, cancellationToken);
        try
        {
            var terms = await TermsAsync(connection, term, scope, cancellationToken);
            var count = await CountOnAsync(connection, scope, terms, limit, cancellationToken);
            Remember(scope, terms, count);
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

    /// <summary>
    /// Keeps a term's count for the page asked for right after it (the portal pages through a term it counted once): the
    /// count tells that page whether to walk or to sort. Only for every customer, the one scope that walks.
    /// </summary>
    private void Remember(AccessScope scope, SearchTerms terms, long count)
    {
        if (scope.SeeAll && terms.NameTerm is not null)
        {
            if (_recentCounts.Count > 1_000)
            {
                _recentCounts.Clear();
            }

            _recentCounts[terms.NameTerm] = count;
        }
    }

    private long? RecentCount(AccessScope scope, SearchTerms terms) =>
        scope.SeeAll && terms.NameTerm is not null && _recentCounts.TryGetValue(terms.NameTerm, out var count) ? count : null;

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
            row.Add("token_name", user.TokenName);
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
        var page = await PageOfVisibleAsync<HistoryRow>(id, offset, limit, _sql.History, _sql.HistoryCount, cancellationToken);
        return page is null ? null : new ResultPage<CustomerHistoryEntry>(
            [.. page.Items.Select(r => new CustomerHistoryEntry(
                DateTimeOffset.FromUnixTimeSeconds(r.ChangedAt), r.Username, CustomerHistoryNames.FieldNamed(r.Field),
                r.OldValue, r.NewValue, CustomerHistoryNames.ChannelNamed(r.Via)) { TokenName = r.TokenName })],
            page.Total);
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
    public Task<ResultPage<CustomerLink>?> GetChildrenAsync(
        long id, long offset = 0, long? limit = null, CancellationToken cancellationToken = default) =>
        PageOfVisibleAsync<CustomerLink>(id, offset, limit, _sql.Children, _sql.ChildCount, cancellationToken);

    /// <summary>
    /// A page of <paramref name="pageSql"/>'s rows and <paramref name="countSql"/>'s total for the customer <c>:id</c>,
    /// in one connection; null when the customer does not exist or the caller may not see it.
    /// </summary>
    private async Task<ResultPage<TRow>?> PageOfVisibleAsync<TRow>(
        long id, long offset, long? limit, string pageSql, string countSql, CancellationToken cancellationToken)
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
            pageSql, PagedParameters(scope, id, offset, limit), cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(database.Command(
            countSql, ScopedId(scope, id), cancellationToken: cancellationToken));
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

    /// <summary>
    /// Walk the name-order index (stop after the page) rather than sort every match: always for every customer without a
    /// term; for a term, when the page is near the top and it has many matches (known from the portal's count just before,
    /// or estimated). An ACS user's subtree is sorted: it is bounded by the subtree. ScanName: the walk tests the name on
    /// each row it reads (see <see cref="ScanWalkUpToRow"/>).
    /// </summary>
    private async Task<(bool Walk, bool ScanName)> ShouldWalkAsync(
        DbConnection connection, AccessScope scope, SearchTerms terms, CustomerQuery query, bool paged, long? knownCount,
        CancellationToken cancellationToken)
    {
        if (!scope.SeeAll || query.Sort is not (CustomerSort.NameAscending or CustomerSort.NameDescending) || database.Dialect.Index is null)
        {
            return (false, false);
        }

        if (terms.Name == MatchPart.None)
        {
            return (true, false);
        }

        var pageEnd = query.Offset + (query.Limit ?? 0);
        if (!paged || pageEnd > WalkUpToRow)
        {
            return (false, false);
        }

        if ((knownCount ?? RecentCount(scope, terms)) is { } counted)
        {
            return counted > CountDisplayLimit ? (true, pageEnd <= ScanWalkUpToRow) : (false, false);
        }

        if (terms.FewerCandidatesThan(WalkFromCandidates))
        {
            return (false, false);
        }

        // A term the index cannot serve is counted by a scan that stops at WalkFromCandidates matches: a common short
        // term stops early and walks; a rare one costs one scan and sorts its few matches.
        var scans = terms.Name == MatchPart.Scan || terms.Number == MatchPart.Scan;
        var candidates = await connection.ExecuteScalarAsync<long>(database.Command(
            scans
                ? _sql.CountUpTo(new SearchShape(false, terms.Name, terms.Number, query.Sort, Walk: false, Paged: false), WalkFromCandidates)
                : _sql.EstimateCandidates(terms.Name, terms.Number, WalkFromCandidates),
            scans ? terms.Bind(scope) : terms.BindKeys(),
            cancellationToken: cancellationToken));
        return (candidates >= WalkFromCandidates, false);
    }

    /// <summary>
    /// The term as the statements bind it. Where the index can probe (SQLite), each key keeps only the term's rare
    /// three-character pieces, the three in fewest rows below <see cref="SqliteDialect.CommonPiece"/> (counted first up to
    /// <see cref="SqliteDialect.RarePiece"/> only): "8001234" is looked up as three of "001", "012", "123", "234", without
    /// "800", which a third of all numbers hold. Any set of the term's pieces finds a superset of its matches, and the
    /// exact test runs on each candidate; which pieces are rare only changes speed.
    /// </summary>
    private async Task<SearchTerms> TermsAsync(DbConnection connection, string? term, AccessScope scope, CancellationToken cancellationToken)
    {
        var terms = await IndexedTermsAsync(connection, term, cancellationToken);
        return scope.SeeAll ? terms : terms.WithinSubtree(SubtreeIndexRows);
    }

    private async Task<SearchTerms> IndexedTermsAsync(DbConnection connection, string? term, CancellationToken cancellationToken)
    {
        var terms = SearchTerms.Of(term, database.Dialect);
        if (database.Dialect.Index is not { NameProbe: { } nameProbe, NumberProbe: { } numberProbe, KeyOfPieces: { } keyOfPieces } index)
        {
            return terms;
        }

        // The key of the part's rarest pieces, and the rows of the rarest (its candidates are no more).
        async Task<(string? Key, long? Rows)> KeyAsync(string? folded, string? key, string probe, string bindName)
        {
            if (key is null || index.UsablePart(folded!) is not { } usable)
            {
                return (key, null);
            }

            async Task<long> RowsAsync(string piece, int cap)
            {
                var cacheKey = $"{bindName}\u0001{cap}\u0001{piece}";
                if (!_pieceRows.TryGetValue(cacheKey, out var rows))
                {
                    var parameters = new DynamicParameters();
                    parameters.Add(bindName, index.KeyOf(piece));
                    parameters.Add("cap", cap);
                    rows = await connection.ExecuteScalarAsync<long>(database.Command(probe, parameters, cancellationToken: cancellationToken));
                    if (_pieceRows.Count > 100_000)
                    {
                        _pieceRows.Clear();
                    }

                    _pieceRows[cacheKey] = rows;
                }

                return rows;
            }

            // From the end, where a name's distinctive part (a number, a place) often is, up to three rare pieces.
            var counts = new List<(string Piece, long Rows)>();
            foreach (var piece in SearchIndex.Trigrams(usable).Reverse())
            {
                counts.Add((piece, await RowsAsync(piece, SqliteDialect.RarePiece)));
                if (counts.Count(c => c.Rows < SqliteDialect.RarePiece) == 3)
                {
                    break;
                }
            }

            if (counts.Count(c => c.Rows < SqliteDialect.RarePiece) < 3)
            {
                for (var i = 0; i < counts.Count; i++)
                {
                    if (counts[i].Rows >= SqliteDialect.RarePiece)
                    {
                        counts[i] = (counts[i].Piece, await RowsAsync(counts[i].Piece, SqliteDialect.CommonPiece));
                    }
                }
            }

            var rare = counts.Where(c => c.Rows < SqliteDialect.CommonPiece).OrderBy(c => c.Rows).Take(3).ToList();
            return rare.Count == 0
                ? (key, null)
                : (keyOfPieces([.. rare.Select(c => c.Piece)]), rare[0].Rows);
        }

        var name = await KeyAsync(terms.NameTerm, terms.NameKey, nameProbe, "name_key");
        var number = await KeyAsync(terms.NumberTerm, terms.NumberKey, numberProbe, "sn_key");
        return terms with { NameKey = name.Key, NumberKey = number.Key, NameRows = name.Rows, NumberRows = number.Rows };
    }

    /// <summary>The binds of a statement about one customer under the visible-customers predicate.</summary>
    private static object ScopedId(AccessScope scope, long id) => new { see_all = scope.SeeAll ? 1 : 0, root_id = scope.RootCustomerId, id };

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

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
