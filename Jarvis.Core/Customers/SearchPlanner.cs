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
    /// A walk for a page ending no deeper than this, over a term known to have more than <see cref="CustomerService.CountDisplayLimit"/>
    /// matches, tests the name on each row walked rather than collecting the name's candidates first: at 0.1 % of the
    /// customers matching or more, it reads at most a thousand rows per row of the page.
    /// </summary>
    internal const long ScanWalkUpToRow = 50;

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
    /// Walk the name-order index (stop after the page) rather than sort every match: always for every customer without a
    /// term; for a term, when the page is near the top and it has many matches (known from the portal's count just before,
    /// or estimated). An ACS user's subtree is sorted: it is bounded by the subtree. ScanName: the walk tests the name on
    /// each row it reads (see <see cref="ScanWalkUpToRow"/>).
    /// </summary>
    internal async Task<(bool Walk, bool ScanName)> ShouldWalkAsync(
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
