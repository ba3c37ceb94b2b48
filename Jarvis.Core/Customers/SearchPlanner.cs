using System.Data.Common;
using Dapper;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.Extensions.Caching.Memory;

namespace Jarvis.Core.Customers;

/// <summary>
/// Chooses how a search runs on the embedded index (which pieces of a term to look up; walk the name-order index or sort
/// the matches), from hints learned from the data: rows per piece and recent terms' counts. One per database (a
/// singleton). A hint only chooses a plan: a stale or evicted one costs speed, never results.
/// </summary>
public sealed class SearchPlanner(JarvisDatabase database, CustomerStatements statements) : IDisposable
{
    /// <summary>Above this many index candidates a page near the top is found sooner by walking the name-order index.</summary>
    internal const int WalkFromCandidates = 5_000;

    /// <summary>A page ending deeper than this is found by sorting the matches, however many there are.</summary>
    internal const long WalkUpToRow = 1_000;

    /// <summary>
    /// A page of a term with many candidates ending no deeper than this is first looked for in the first
    /// <see cref="BoundedWalkRows"/> customers of the sort's order, testing the name on each: a word spread through 1 %
    /// of the names or more fills it there, however many candidates it has.
    /// </summary>
    internal const long BoundedWalkUpToRow = 50;

    /// <summary>How many customers a bounded walk reads at most (a few milliseconds: each is read from the table).</summary>
    internal const int BoundedWalkRows = 2_500;

    /// <summary>
    /// A term with many matches is sorted when it has fewer index candidates than this (a microsecond or two each), else
    /// walked with them in name order: a cost that depends on how far down its first matches lie, small for a word
    /// spread through the names, up to a walk of every customer for one whose names all sort last.
    /// </summary>
    internal const int SortUpToCandidates = 20_000;

    /// <summary>
    /// Within an ACS user's subtree, a part uses the index only when its rarest piece is in fewer rows than this: reading
    /// more candidates costs more than testing each customer of a subtree of a few thousand.
    /// </summary>
    internal const long SubtreeIndexRows = 20_000;

    private const long CountDisplayLimit = CustomerService.CountDisplayLimit;

    private static readonly MemoryCacheEntryOptions OneEntry = new() { Size = 1 };

    private readonly CustomerSql _sql = statements.Sql;

    /// <summary>Rows per indexed piece, capped at the count asked for: which pieces of a term to look up.</summary>
    private readonly MemoryCache _pieceRows = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>Matches of recent terms for every customer (up to 1,001), from the portal's count: whether to walk or sort.</summary>
    private readonly MemoryCache _recentCounts = new(new MemoryCacheOptions { SizeLimit = 1_000 });

    public void Dispose()
    {
        _pieceRows.Dispose();
        _recentCounts.Dispose();
    }

    /// <summary>
    /// How a page is found on the embedded index: walk an order index (stop after the page) or sort every match. Without
    /// a term every customer is walked (reference order only for a page). For a term, a page near the top of many
    /// matches is first looked for by a bounded walk of the sort's order (unless <paramref name="boundedTried"/>, when it
    /// came back short); else, in name order, the matches are sorted when their candidates are few and walked with them
    /// when many; in reference order they are sorted. An ACS user's subtree is sorted: it is bounded by the subtree.
    /// </summary>
    internal async Task<WalkPlan> PlanAsync(
        DbConnection connection, AccessScope scope, SearchTerms terms, CustomerQuery query, bool paged, long? knownCount,
        bool boundedTried, CancellationToken cancellationToken)
    {
        if (!scope.SeeAll || database.Dialect.Index is null)
        {
            return WalkPlan.Sort;
        }

        var byName = query.Sort is CustomerSort.NameAscending or CustomerSort.NameDescending;
        if (terms.Name == MatchPart.None)
        {
            return byName || paged ? WalkPlan.Walk : WalkPlan.Sort;
        }

        var pageEnd = query.Offset + (query.Limit ?? 0);
        if (!paged || pageEnd > WalkUpToRow)
        {
            return WalkPlan.Sort;
        }

        var counted = knownCount ?? RecentCount(scope, terms);
        if (counted <= CountDisplayLimit || (counted is null && terms.FewerCandidatesThan(WalkFromCandidates)))
        {
            return WalkPlan.Sort;
        }

        if (!boundedTried && pageEnd <= BoundedWalkUpToRow && terms.Number == MatchPart.None)
        {
            return WalkPlan.BoundedWalk;
        }

        if (!byName)
        {
            return WalkPlan.Sort;
        }

        // A term the index cannot serve is counted by a scan that stops at WalkFromCandidates matches: a common short
        // term stops early and walks; a rare one costs one scan and sorts its few matches.
        var scans = terms.Name == MatchPart.Scan || terms.Number == MatchPart.Scan;
        if (scans && counted is not null)
        {
            return WalkPlan.Walk;
        }

        if (!scans && terms.FewerCandidatesThan(SortUpToCandidates))
        {
            return WalkPlan.Sort;
        }

        var cap = scans ? WalkFromCandidates : SortUpToCandidates;
        var candidates = await connection.ExecuteScalarAsync<long>(database.Command(
            scans
                ? _sql.CountUpTo(new SearchShape(false, terms.Name, terms.Number, query.Sort, Walk: false, Paged: false), cap)
                : _sql.EstimateCandidates(terms.Name, terms.Number, cap),
            scans ? terms.Bind(scope) : terms.BindKeys(),
            cancellationToken: cancellationToken));
        return candidates >= cap ? WalkPlan.Walk : WalkPlan.Sort;
    }

    /// <summary>
    /// The term as the statements bind it. Where the index can probe (SQLite), each key keeps only the term's rare
    /// three-character pieces, the three in fewest rows below <see cref="SearchIndex.CommonPiece"/> (counted first up to
    /// <see cref="SearchIndex.RarePiece"/> only): "8001234" is looked up as three of "001", "012", "123", "234", without
    /// "800", which a third of all numbers hold. Any set of the term's pieces finds a superset of its matches, and the
    /// exact test runs on each candidate; which pieces are rare only changes speed.
    /// </summary>
    internal async Task<SearchTerms> TermsAsync(DbConnection connection, string? term, AccessScope scope, CancellationToken cancellationToken)
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
                var cacheKey = (bindName, cap, piece);
                if (!_pieceRows.TryGetValue(cacheKey, out long rows))
                {
                    var parameters = new DynamicParameters();
                    parameters.Add(bindName, index.KeyOf(piece));
                    parameters.Add("cap", cap);
                    rows = await connection.ExecuteScalarAsync<long>(database.Command(probe, parameters, cancellationToken: cancellationToken));
                    _pieceRows.Set(cacheKey, rows, OneEntry);
                }

                return rows;
            }

            // From the end, where a name's distinctive part (a number, a place) often is, up to three rare pieces.
            var counts = new List<(string Piece, long Rows)>();
            foreach (var piece in SearchIndex.Trigrams(usable).Reverse())
            {
                counts.Add((piece, await RowsAsync(piece, index.RarePiece)));
                if (counts.Count(c => c.Rows < index.RarePiece) == 3)
                {
                    break;
                }
            }

            if (counts.Count(c => c.Rows < index.RarePiece) < 3)
            {
                for (var i = 0; i < counts.Count; i++)
                {
                    if (counts[i].Rows >= index.RarePiece)
                    {
                        counts[i] = (counts[i].Piece, await RowsAsync(counts[i].Piece, index.CommonPiece));
                    }
                }
            }

            var rare = counts.Where(c => c.Rows < index.CommonPiece).OrderBy(c => c.Rows).Take(3).ToList();
            return rare.Count == 0
                ? (key, null)
                : (keyOfPieces([.. rare.Select(c => c.Piece)]), rare[0].Rows);
        }

        var name = await KeyAsync(terms.NameTerm, terms.NameKey, nameProbe, "name_key");
        var number = await KeyAsync(terms.NumberTerm, terms.NumberKey, numberProbe, "sn_key");
        return terms with { NameKey = name.Key, NumberKey = number.Key, NameRows = name.Rows, NumberRows = number.Rows };
    }

    /// <summary>
    /// Keeps a term's count for the page asked for right after it (the portal pages through a term it counted once): the
    /// count tells that page whether to walk or to sort. Only for every customer, the one scope that walks.
    /// </summary>
    internal void Remember(AccessScope scope, SearchTerms terms, long count)
    {
        if (scope.SeeAll && terms.NameTerm is not null)
        {
            _recentCounts.Set(terms.NameTerm, count, OneEntry);
        }
    }

    internal long? RecentCount(AccessScope scope, SearchTerms terms) =>
        scope.SeeAll && terms.NameTerm is not null && _recentCounts.TryGetValue(terms.NameTerm, out long count) ? count : null;
}

/// <summary>How <see cref="SearchPlanner.PlanAsync"/> finds a page: sort the matches, walk an order index, or walk a bounded stretch of the name order.</summary>
internal enum WalkPlan
{
    Sort,
    Walk,
    BoundedWalk,
}
