using System.Collections.Concurrent;
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
    /// <summary>The largest count <see cref="CountUpToLimitAsync"/> gives exactly.</summary>
    public const long CountDisplayLimit = 10_000;

    /// <summary>Above this many index candidates a page near the top is found sooner by walking the name-order index.</summary>
    internal const int WalkFromCandidates = 5_000;

    /// <summary>A page ending deeper than this is found by sorting the matches, however many there are.</summary>
    internal const long WalkUpToRow = 1_000;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ISqlDialect, CustomerSql> SqlByDialect = [];
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JarvisDatabase, ConcurrentDictionary<string, long>> PieceRowsByDatabase = [];
    private readonly CustomerSql _sql = SqlByDialect.GetValue(database.Dialect, d => new CustomerSql(d));

    /// <summary>Rows per indexed piece, capped, per database; only for choosing pieces, so a stale figure costs speed, not results.</summary>
    private readonly ConcurrentDictionary<string, long> _pieceRows = PieceRowsByDatabase.GetValue(database, _ => new());

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JarvisDatabase, ConcurrentDictionary<string, long>> RecentCountsByDatabase = [];

    /// <summary>Matches of recent terms for every customer (up to 10,001), from <see cref="CountUpToLimitAsync"/>: a plan hint only.</summary>
    private readonly ConcurrentDictionary<string, long> _recentCounts = RecentCountsByDatabase.GetValue(database, _ => new());

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

        var paged = query.Limit is not null || query.Offset > 0;
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        var terms = await TermsAsync(connection, query.Term, cancellationToken);
        var walk = await ShouldWalkAsync(connection, scope, terms, query, paged, cancellationToken);
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
            yield return new CustomerSummary(row.Id, row.Name, row.ServiceNumbers ?? "", row.Reference);
        }

        telemetry.SearchCompleted(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>How many visible customers match <paramref name="term"/>.</summary>
    public Task<long> CountAsync(string? term, CancellationToken cancellationToken = default) =>
        CountAsync(term, limit: null, cancellationToken);

    /// <summary>
    /// Like <see cref="CountAsync(string?, CancellationToken)"/>, but stops counting past <see cref="CountDisplayLimit"/>:
    /// a result above the limit means "more than 10,000" (the portal shows "10,000+"). Counting all 50,000 matches of a
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
        var terms = await TermsAsync(connection, term, cancellationToken);
        var shape = new SearchShape(!scope.SeeAll, terms.Name, terms.Number, CustomerSort.NameAscending, Walk: false, Paged: false);
        var count = await connection.ExecuteScalarAsync<long>(database.Command(
            limit is null ? _sql.Count(shape) : _sql.CountUpTo(shape, limit.Value), terms.Bind(scope), cancellationToken: cancellationToken));
        if (scope.SeeAll && terms.NameTerm is not null)
        {
            // The portal asks for the page right after the count: the count tells it whether to walk or to sort.
            if (_recentCounts.Count > 1_000)
            {
                _recentCounts.Clear();
            }

            _recentCounts[terms.NameTerm] = count;
        }

        return count;
    }

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

    /// <summary>
    /// Walk the name-order index (stop after the page) rather than sort every match: always for every customer without a
    /// term; for a term, when the page is near the top and it has many matches (known from the portal's count just before,
    /// or estimated). An ACS user's subtree is sorted: it is bounded by the subtree.
    /// </summary>
    private async Task<bool> ShouldWalkAsync(
        DbConnection connection, AccessScope scope, SearchTerms terms, CustomerQuery query, bool paged,
        CancellationToken cancellationToken)
    {
        if (!scope.SeeAll || query.Sort is not (CustomerSort.NameAscending or CustomerSort.NameDescending) || database.Dialect.Index is null)
        {
            return false;
        }

        if (terms.Name == MatchPart.None)
        {
            return true;
        }

        if (!paged || query.Offset + (query.Limit ?? 0) > WalkUpToRow)
        {
            return false;
        }

        if (terms.Selective)
        {
            return false;
        }

        if (_recentCounts.TryGetValue(terms.NameTerm!, out var counted))
        {
            return counted >= WalkFromCandidates;
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
        return candidates >= WalkFromCandidates;
    }

    /// <summary>
    /// The term as the statements bind it. Where the index can probe (SQLite), each key keeps only the term's rare
    /// three-character pieces, the three in fewest rows below <see cref="SqliteDialect.CommonPiece"/>: "8001234" is looked
    /// up as three of "001", "012", "123", "234", without "800", which a third of all numbers hold. Any set of the term's pieces finds a
    /// superset of its matches, and the exact test runs on each candidate; which pieces are rare only changes speed.
    /// </summary>
    private async Task<SearchTerms> TermsAsync(DbConnection connection, string? term, CancellationToken cancellationToken)
    {
        var terms = SearchTerms.Of(term, database.Dialect);
        if (database.Dialect.Index is not { NameProbe: { } nameProbe, NumberProbe: { } numberProbe, KeyOfPieces: { } keyOfPieces } index)
        {
            return terms;
        }

        // Few: the part's rarest piece has fewer rows than make a walk worthwhile, so its candidates are few too.
        async Task<(string? Key, bool Few)> KeyAsync(string? folded, string? key, string probe, string bindName)
        {
            if (key is null || index.UsablePart(folded!) is not { } usable)
            {
                return (key, false);
            }

            var counts = new List<(string Piece, long Rows)>();
            foreach (var piece in SearchIndex.Trigrams(usable))
            {
                var cacheKey = $"{bindName}\u0001{piece}";
                if (!_pieceRows.TryGetValue(cacheKey, out var rows))
                {
                    var parameters = new DynamicParameters();
                    parameters.Add(bindName, index.KeyOf(piece));
                    rows = await connection.ExecuteScalarAsync<long>(database.Command(probe, parameters, cancellationToken: cancellationToken));
                    if (_pieceRows.Count > 100_000)
                    {
                        _pieceRows.Clear();
                    }

                    _pieceRows[cacheKey] = rows;
                }

                counts.Add((piece, rows));
            }

            var rare = counts.Where(c => c.Rows < SqliteDialect.CommonPiece).OrderBy(c => c.Rows).Take(3).ToList();
            return rare.Count == 0
                ? (key, false)
                : (keyOfPieces([.. rare.Select(c => c.Piece)]), rare[0].Rows < WalkFromCandidates);
        }

        var name = await KeyAsync(terms.NameTerm, terms.NameKey, nameProbe, "name_key");
        var number = await KeyAsync(terms.NumberTerm, terms.NumberKey, numberProbe, "sn_key");
        return terms with
        {
            NameKey = name.Key,
            NumberKey = number.Key,
            Selective = (terms.Name != MatchPart.Index || name.Few) && (terms.Number != MatchPart.Index || number.Few),
        };
    }

    /// <summary>The binds of a statement about one customer under the visible-customers predicate.</summary>
    private static object ScopedId(AccessScope scope, long id) => new { see_all = scope.SeeAll ? 1 : 0, root_id = scope.RootCustomerId, id };

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

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
        public string? ServiceNumber { get; set; }
    }
}
