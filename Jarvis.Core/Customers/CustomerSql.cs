using System.Collections.Concurrent;
using Dapper;
using Jarvis.Core.Security;
using Jarvis.Core.Data;

namespace Jarvis.Core.Customers;

/// <summary>How a search term part is tested: not at all, through the search index, or by scanning.</summary>
internal enum MatchPart
{
    None,
    Index,
    Scan,
}

/// <summary>
/// A term as the statements bind it: the folded name term (<c>:term</c>) and its index key (<c>:name_key</c>, null
/// when the index cannot serve it), the number term (<c>:sn_term</c>, null when the term has no digit:
/// <see cref="TextFolding.ServiceNumberPart"/>)
/// and its key (<c>:sn_key</c>).
/// </summary>
internal sealed record SearchTerms(string? NameTerm, string? NameKey, string? NumberTerm, string? NumberKey)
{
    /// <summary>Rows of the rarest piece in the name key, when counted: the name's candidates are no more.</summary>
    public long? NameRows { get; init; }

    /// <summary>Rows of the rarest piece in the number key, when counted.</summary>
    public long? NumberRows { get; init; }

    /// <summary>True when every indexed part is known to have fewer than <paramref name="rows"/> candidates.</summary>
    public bool FewerCandidatesThan(long rows) =>
        (Name != MatchPart.Index || NameRows < rows) && (Number != MatchPart.Index || NumberRows < rows);

    /// <summary>
    /// The term as an ACS user's subtree is searched: a part whose candidates may be <paramref name="rows"/> or more is
    /// tested on each customer of the subtree instead (a cost bounded by the subtree; the candidates' by the whole table).
    /// </summary>
    public SearchTerms WithinSubtree(long rows) => this with
    {
        NameKey = Name == MatchPart.Index && !(NameRows < rows) ? null : NameKey,
        NumberKey = Number == MatchPart.Index && !(NumberRows < rows) ? null : NumberKey,
    };

    /// <summary>
    /// The term with its name part tested on each row, without the index: for walking the name-order index near the top
    /// of many matches, where the rows walked are few and collecting every candidate first would cost more.
    /// </summary>
    public SearchTerms ScanningName() => this with { NameKey = null, NameRows = null };

    public static readonly SearchTerms Everything = new(null, null, null, null);

    /// <summary>The term as <paramref name="dialect"/> binds it; blank or null means every customer.</summary>
    public static SearchTerms Of(string? term, ISqlDialect dialect)
    {
        if (string.IsNullOrWhiteSpace(term))
        {
            return Everything;
        }

        var name = dialect.FoldTerm(term.Trim());
        var number = TextFolding.ServiceNumberPart(term) is { } digits ? dialect.FoldTerm(digits) : null;
        var index = dialect.Index;
        return new SearchTerms(name, index?.KeyFor(name), number, number is null ? null : index?.KeyFor(number));
    }

    public MatchPart Name => NameTerm is null ? MatchPart.None : NameKey is null ? MatchPart.Scan : MatchPart.Index;

    public MatchPart Number => NumberTerm is null ? MatchPart.None : NumberKey is null ? MatchPart.Scan : MatchPart.Index;

    /// <summary>Exactly the names a search or count statement of this shape uses.</summary>
    public DynamicParameters Bind(AccessScope scope)
    {
        var parameters = BindKeys();
        if (!scope.SeeAll)
        {
            parameters.Add("root_id", scope.RootCustomerId);
        }

        if (NameTerm is not null)
        {
            parameters.Add("term", NameTerm);
        }

        if (NumberTerm is not null)
        {
            parameters.Add("sn_term", NumberTerm);
        }

        return parameters;
    }

    /// <summary>Exactly the names of the candidate estimate: the index keys.</summary>
    public DynamicParameters BindKeys()
    {
        var parameters = new DynamicParameters();
        if (NameKey is not null)
        {
            parameters.Add("name_key", NameKey);
        }

        if (NumberKey is not null)
        {
            parameters.Add("sn_key", NumberKey);
        }

        return parameters;
    }
}


/// <summary>
/// The shape of one search statement, chosen in C# so that each statement says only what it needs: every customer or
/// an ACS subtree; a name part and a number part; walk an order index (a page near the top of many matches) or
/// sort the matches (few matches); paged or not. A bounded walk reads no more than the first
/// <see cref="SearchPlanner.BoundedWalkRows"/> customers of its order: a page it fills is the right one.
/// </summary>
internal sealed record SearchShape(bool Subtree, MatchPart Name, MatchPart Number, CustomerSort Sort, bool Walk, bool Paged, bool Bounded = false);

/// <summary>
/// The customer SQL, built once per dialect and shape. Every statement carries the visible-customers rule: an ACS
/// user's statements join the recursive subtree under <c>:root_id</c> at top level; a user who sees every customer
/// gets a statement without it. Each statement binds exactly the names it uses (ODP.NET binds by name).
/// </summary>
internal sealed class CustomerSql(ISqlDialect d)
{
    private readonly ConcurrentDictionary<SearchShape, string> _search = new();
    private readonly ConcurrentDictionary<SearchShape, string> _count = new();
    private readonly ConcurrentDictionary<(SearchShape, long), string> _countUpTo = new();
    private readonly ConcurrentDictionary<(MatchPart, MatchPart, int), string> _estimate = new();
    private readonly ConcurrentDictionary<(SearchShape, long), string> _searchCounted = new();

    /// <summary>The rows of one search: ID, NAME, ServiceNumbers, Reference; paging applied to IDs before the number lists are built.</summary>
    public string Search(SearchShape shape) => _search.GetOrAdd(shape, BuildSearch);

    /// <summary>
    /// A page of a sorted search whose rows also carry <c>Total</c>, how many customers match when there are fewer than
    /// <paramref name="cap"/>: the matches are read up to <paramref name="cap"/> and only those are sorted, so one
    /// statement answers both the count and the page of a term with few matches. A total of <paramref name="cap"/> means
    /// "at least that many", and the page is then not the right one for a search that walks the name-order index.
    /// </summary>
    public string SearchCounted(SearchShape shape, long cap) => _searchCounted.GetOrAdd((shape with { Walk = false, Paged = true }, cap), key =>
    {
        var order = Order(key.Item1.Sort, "c");
        return $"""
            {With(key.Item1)}
            SELECT page.Total, c.ID, c.NAME, {d.ServiceNumberList("c")} AS ServiceNumbers, c.CUSTOMER_REFERENCE AS Reference
            FROM (
                SELECT c.ID, COUNT(*) OVER () AS Total
                FROM ({MatchingIds(key.Item1, key.Item2)}) m {d.OrderedJoin} ACS_CUSTOMER c ON c.ID = m.ID
                ORDER BY {order}
                {d.Paging}
            ) page {d.OrderedJoin} ACS_CUSTOMER c ON c.ID = page.ID
            ORDER BY {order}
            """;
    });

    /// <summary>How many visible customers match.</summary>
    public string Count(SearchShape shape) => _count.GetOrAdd(shape with { Sort = CustomerSort.NameAscending, Walk = false, Paged = false }, BuildCount);

    /// <summary>
    /// How many index candidates the term has, up to <paramref name="cap"/> per part: few means sorting the matches is
    /// cheap, many means a page is found sooner by walking the name-order index.
    /// </summary>
    public string EstimateCandidates(MatchPart name, MatchPart number, int cap) => _estimate.GetOrAdd((name, number, cap), key =>
    {
        var index = d.Index ?? throw new InvalidOperationException("No search index.");
        var parts = new List<string>();
        if (key.Item1 == MatchPart.Index)
        {
            parts.Add($"(SELECT COUNT(*) FROM ({index.NameCandidates} {d.FirstRows(key.Item3)}) n)");
        }

        if (key.Item2 == MatchPart.Index)
        {
            parts.Add($"(SELECT COUNT(*) FROM ({index.NumberCandidates} {d.FirstRows(key.Item3)}) m)");
        }

        return $"SELECT {string.Join(" + ", parts)} {d.NoTable}";
    });

    /// <summary>
    /// One customer with its service numbers, one row per number (one row with a NULL number when it has none), in
    /// list order; <c>:id</c>, plus <c>:root_id</c> for a subtree.
    /// </summary>
    public string GetById(bool subtree) => subtree ? _getInSubtree : _getAny;

    /// <summary>1 when the customer <c>:id</c> exists and is visible in the scope, else 0.</summary>
    public PerScope IsVisible { get; } = new(subtree => $"""
        SELECT COUNT(*) FROM ACS_CUSTOMER c WHERE c.ID = :id{Visible(d, "c", subtree)}
        """);

    public string ReferenceUsedElsewhere { get; } = """
        SELECT COUNT(*) FROM ACS_CUSTOMER WHERE CUSTOMER_REFERENCE = :reference AND ID <> :id
        """;

    public PerScope Update { get; } = new(subtree => $"""
        UPDATE ACS_CUSTOMER
        SET CUSTOMER_REFERENCE = :reference, DESCRIPTION = :description
        WHERE ACS_CUSTOMER.ID = :id{Visible(d, "ACS_CUSTOMER", subtree)}
        """);

    private readonly string _getAny = $"""
        SELECT c.ID, c.NAME, c.CUSTOMER_REFERENCE AS Reference, c.DESCRIPTION AS Description,
               p.ID AS ParentId, p.NAME AS ParentName, s.SN AS ServiceNumber
        FROM ACS_CUSTOMER c
        LEFT JOIN ACS_CUSTOMER p ON p.ID = c.PARENT_CUSTOMER_ID
        LEFT JOIN ACS_CUSTOMER_SN s ON s.CUSTOMER_ID = c.ID
        WHERE c.ID = :id
        ORDER BY LENGTH(s.SN), s.SN
        """;

    private readonly string _getInSubtree = $"""
        {VisibleCte(d)}
        SELECT c.ID, c.NAME, c.CUSTOMER_REFERENCE AS Reference, c.DESCRIPTION AS Description,
               CASE WHEN p.ID IN (SELECT ID FROM VISIBLE) THEN p.ID END AS ParentId,
               CASE WHEN p.ID IN (SELECT ID FROM VISIBLE) THEN p.NAME END AS ParentName,
               s.SN AS ServiceNumber
        FROM VISIBLE v {d.OrderedJoin} ACS_CUSTOMER c ON c.ID = v.ID
        LEFT JOIN ACS_CUSTOMER p ON p.ID = c.PARENT_CUSTOMER_ID
        LEFT JOIN ACS_CUSTOMER_SN s ON s.CUSTOMER_ID = c.ID
        WHERE c.ID = :id
        ORDER BY LENGTH(s.SN), s.SN
        """;

    /// <summary>
    /// Every shape <see cref="CustomerService"/> can choose on this dialect: each part tested not at all, through the
    /// index (when the dialect has one) or by scanning; the name-order walk only for every customer, sorted by name,
    /// with an index.
    /// </summary>
    public IEnumerable<SearchShape> AllShapes()
    {
        MatchPart[] tests = d.Index is null ? [MatchPart.Scan] : [MatchPart.Index, MatchPart.Scan];
        var parts = new List<(MatchPart Name, MatchPart Number)> { (MatchPart.None, MatchPart.None) };
        parts.AddRange(from name in tests from number in tests.Prepend(MatchPart.None) select (name, number));
        foreach (var subtree in new[] { false, true })
        {
            foreach (var (name, number) in parts)
            {
                foreach (var sort in Enum.GetValues<CustomerSort>())
                {
                    var byName = sort is CustomerSort.NameAscending or CustomerSort.NameDescending;
                    var canWalk = !subtree && d.Index is not null && (byName || name == MatchPart.None);
                    foreach (var walk in canWalk ? new[] { false, true } : [false])
                    {
                        if (byName || !walk)
                        {
                            yield return new SearchShape(subtree, name, number, sort, walk, Paged: false);
                        }

                        yield return new SearchShape(subtree, name, number, sort, walk, Paged: true);
                    }

                    if (!subtree && d.Index is not null && name == MatchPart.Scan && number == MatchPart.None)
                    {
                        yield return new SearchShape(subtree, name, number, sort, Walk: true, Paged: true, Bounded: true);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Every statement of every shape, named for review (the golden Oracle files of the tests): searches, pages with their
    /// count, counts up to each limit the service uses, candidate estimates and the details of one customer.
    /// </summary>
    public IEnumerable<(string Name, string Text)> AllStatements()
    {
        foreach (var shape in AllShapes())
        {
            yield return ($"Search.{NameOf(shape)}{shape.Sort}{(shape.Bounded ? ".BoundedWalk" : shape.Walk ? ".Walk" : "")}{(shape.Paged ? ".Paged" : "")}", Search(shape));
            if (shape is { Walk: false, Paged: true } && (shape.Name != MatchPart.None || shape.Number != MatchPart.None))
            {
                yield return ($"SearchCounted.{NameOf(shape)}{shape.Sort}", SearchCounted(shape, CustomerService.CountDisplayLimit + 1));
            }
            if (shape is { Sort: CustomerSort.NameAscending, Walk: false, Paged: false })
            {
                yield return ($"Count.{NameOf(shape)[..^1]}", Count(shape));
                // The service counts up to its display limit, and (every customer only) up to the walk threshold.
                foreach (var limit in shape.Subtree ? [CustomerService.CountDisplayLimit + 1] : new[] { CustomerService.CountDisplayLimit + 1, SearchPlanner.WalkFromCandidates })
                {
                    yield return ($"CountUpTo{limit}.{NameOf(shape)[..^1]}", CountUpTo(shape, limit));
                }

                if (!shape.Subtree && (shape.Name == MatchPart.Index || shape.Number == MatchPart.Index))
                {
                    yield return ($"EstimateCandidates.Name{shape.Name}.Number{shape.Number}", EstimateCandidates(shape.Name, shape.Number, SearchPlanner.SortUpToCandidates));
                }
            }
        }

        yield return ("GetById.All", GetById(subtree: false));
        yield return ("GetById.Subtree", GetById(subtree: true));

        static string NameOf(SearchShape shape) => $"{(shape.Subtree ? "Subtree" : "All")}.Name{shape.Name}.Number{shape.Number}.";
    }

    /// <summary>How many visible customers match, counting no further than <paramref name="limit"/>.</summary>
    public string CountUpTo(SearchShape shape, long limit) => _countUpTo.GetOrAdd((shape with { Sort = CustomerSort.NameAscending, Walk = false, Paged = false }, limit), key =>
        $"""
            {With(key.Item1)}
            SELECT COUNT(*) FROM (
                {MatchingIds(key.Item1, key.Item2)}
            ) counted
            """);

    /// <summary>The IDs of up to <paramref name="limit"/> matching customers, in no order, read as they come.</summary>
    private string MatchingIds(SearchShape shape, long limit) => StreamsCandidates(shape)
        ? $"""
            SELECT m.ID FROM (
                {MatchesFromCandidates(shape)}
            ) m
            {d.FirstRows(checked((int)limit))}
            """
        : $"""
            SELECT c.ID
            FROM {From(shape)}
            {Where(shape)}
            {d.FirstRows(checked((int)limit))}
            """;

    private string BuildCount(SearchShape shape) => StreamsCandidates(shape)
        ? $"""
            {With(shape)}
            SELECT COUNT(*) FROM (
                {MatchesFromCandidates(shape)}
            ) counted
            """
        : $"""
            {With(shape)}
            SELECT COUNT(*)
            FROM {From(shape)}
            {Where(shape)}
            """;

    /// <summary>
    /// A count with an indexed name part reads the name's candidates as they come, joined to their customers, and can
    /// stop at a limit; the IN form of <see cref="Where"/> collects every candidate first (50,000 for a common word)
    /// before it tests one. Within a subtree (whose parts use the index only when their candidates are few, and then
    /// every part does) the candidates drive the search too, each checked against the subtree, rather than every
    /// customer of the subtree being read.
    /// </summary>
    private static bool StreamsCandidates(SearchShape shape) =>
        shape.Name == MatchPart.Index && (!shape.Subtree || shape.Number != MatchPart.Scan);

    /// <summary>The FROM and WHERE of a search: the matching customers aliased c.</summary>
    private string Matching(SearchShape shape) => shape switch
    {
        { Subtree: true } when StreamsCandidates(shape) => $"FROM ({MatchesFromCandidates(shape)}) m {d.OrderedJoin} ACS_CUSTOMER c ON c.ID = m.ID",
        { Subtree: false, Walk: false } => $"FROM {From(shape)}{(d.SortMatchesHint is "" ? "" : " " + d.SortMatchesHint)}\n{Where(shape)}",
        _ => $"FROM {From(shape)}\n{Where(shape)}",
    };

    /// <summary>
    /// The IDs of the matching customers, each once: those whose name matches, from the name's candidates, then those
    /// matching by number whose name does not match (so no customer is counted twice); within a subtree, only its own.
    /// </summary>
    private string MatchesFromCandidates(SearchShape shape)
    {
        var nameTest = d.FoldedContains("c.NAME", ":term");
        var visible = shape.Subtree ? " AND c.ID IN (SELECT ID FROM VISIBLE)" : "";
        var byName = $"""
            SELECT c.ID
            FROM ({d.Index!.NameCandidates}) n {d.OrderedJoin} ACS_CUSTOMER c ON c.ID = n.ID
            WHERE {nameTest}{visible}
            """;
        return NumberTest(shape) is { } number
            ? $"""
                {byName}
                UNION ALL
                SELECT c.ID
                FROM ACS_CUSTOMER c
                WHERE {number}{visible} AND NOT ({nameTest})
                """
            : byName;
    }

    private string BuildSearch(SearchShape shape)
    {
        var order = Order(shape.Sort, "c");
        if (!shape.Paged)
        {
            return $"""
                {With(shape)}
                SELECT c.ID, c.NAME, {d.ServiceNumberList("c")} AS ServiceNumbers, c.CUSTOMER_REFERENCE AS Reference
                {Matching(shape)}
                ORDER BY {order}
                """;
        }

        // The page is chosen on IDs alone; the number lists are built for its rows only.
        return $"""
            {With(shape)}
            SELECT c.ID, c.NAME, {d.ServiceNumberList("c")} AS ServiceNumbers, c.CUSTOMER_REFERENCE AS Reference
            FROM (
                SELECT c.ID
                {Matching(shape)}
                ORDER BY {order}
                {d.Paging}
            ) page {d.OrderedJoin} ACS_CUSTOMER c ON c.ID = page.ID
            ORDER BY {order}
            """;
    }

    private string With(SearchShape shape) => shape.Subtree ? VisibleCte(d) : "";

    private string From(SearchShape shape) => shape switch
    {
        { Subtree: true } => $"VISIBLE v {d.OrderedJoin} ACS_CUSTOMER c ON c.ID = v.ID",
        { Walk: true, Bounded: true, Sort: CustomerSort.ReferenceAscending or CustomerSort.ReferenceDescending } => $"ACS_CUSTOMER c {d.ReferenceOrderIndexHint}",
        { Walk: true, Paged: true, Sort: CustomerSort.ReferenceAscending or CustomerSort.ReferenceDescending } => ReferenceWalk(shape.Sort),
        { Sort: CustomerSort.ReferenceAscending or CustomerSort.ReferenceDescending } => "ACS_CUSTOMER c",
        { Walk: true } => $"ACS_CUSTOMER c {d.NameOrderIndexHint}",
        _ => "ACS_CUSTOMER c",
    };

    /// <summary>
    /// Every customer in reference order, for a page (<c>:offset</c>, <c>:limit</c>): the first rows of those with a
    /// reference, from its order index, and the first of those without, from the name order's; the page's ORDER BY
    /// then sorts only those. Without a term only: a term's matches are sorted.
    /// </summary>
    private string ReferenceWalk(CustomerSort sort)
    {
        var desc = sort == CustomerSort.ReferenceDescending ? " DESC" : "";
        var byName = $"{d.OrderKey("c.NAME")}, c.ID";
        return $"""
            (SELECT * FROM (SELECT c.ID, c.NAME, c.CUSTOMER_REFERENCE FROM ACS_CUSTOMER c {d.ReferenceOrderIndexHint}
                            WHERE c.CUSTOMER_REFERENCE IS NOT NULL
                            ORDER BY {d.OrderKey("c.CUSTOMER_REFERENCE")}{desc}, {byName} LIMIT :offset + :limit)
             UNION ALL
             SELECT * FROM (SELECT c.ID, c.NAME, c.CUSTOMER_REFERENCE FROM ACS_CUSTOMER c {d.NameOrderIndexHint}
                            WHERE c.CUSTOMER_REFERENCE IS NULL
                            ORDER BY {byName} LIMIT :offset + :limit)) c
            """;
    }

    private string Where(SearchShape shape)
    {
        var index = d.Index;
        var name = shape.Name switch
        {
            MatchPart.Index => $"(c.ID IN ({index!.NameCandidates}) AND {d.FoldedContains("c.NAME", ":term")})",
            MatchPart.Scan => d.FoldedContains("c.NAME", ":term"),
            _ => null,
        };
        var number = NumberTest(shape);
        var where = (name, number) switch
        {
            (null, null) => "",
            (not null, null) => $"WHERE {name}",
            (null, not null) => $"WHERE {number}",
            _ => $"WHERE ({name}\n       OR {number})",
        };
        return shape.Bounded ? $"{where}\n  AND {WithinFirstRows(shape.Sort)}" : where;
    }

    /// <summary>
    /// The customer aliased c is among the first <see cref="SearchPlanner.BoundedWalkRows"/> in the order of
    /// <paramref name="sort"/> (or shares the last one's key): a range of the order's index, whose end the index alone
    /// gives. In reference order, only customers with a reference, which come first. The walk stops at the page or at
    /// that end.
    /// </summary>
    private string WithinFirstRows(CustomerSort sort)
    {
        var (direction, within) = sort is CustomerSort.NameDescending or CustomerSort.ReferenceDescending ? (" DESC", ">=") : ("", "<=");
        var (column, hint, having) = sort is CustomerSort.ReferenceAscending or CustomerSort.ReferenceDescending
            ? ("CUSTOMER_REFERENCE", d.ReferenceOrderIndexHint, "c.CUSTOMER_REFERENCE IS NOT NULL AND ")
            : ("NAME", d.NameOrderIndexHint, "");
        return $"""
            {having}{d.OrderKey($"c.{column}")} {within} (
                SELECT {d.OrderKey($"b.{column}")} FROM ACS_CUSTOMER b {hint}{(having.Length > 0 ? $" WHERE b.{column} IS NOT NULL" : "")}
                ORDER BY {d.OrderKey($"b.{column}")}{direction}, {d.OrderKey("b.NAME")}{direction}, b.ID{direction} LIMIT 1 OFFSET {SearchPlanner.BoundedWalkRows - 1})
            """;
    }

    /// <summary>The number part of <paramref name="shape"/> for the customer aliased c, or null when it has none.</summary>
    private string? NumberTest(SearchShape shape)
    {
        var index = d.Index;
        return shape.Number switch
        {
            MatchPart.Index => $"""
                c.ID IN (SELECT s.CUSTOMER_ID FROM ACS_CUSTOMER_SN s
                         WHERE s.{index!.NumberCandidateColumn} IN ({index.NumberCandidates}) AND {d.Contains("s.SN", ":sn_term")})
                """,
            // Every number is read once (uncorrelated IN); within a subtree only its customers' numbers are.
            MatchPart.Scan when shape.Subtree =>
                $"EXISTS (SELECT 1 FROM ACS_CUSTOMER_SN m WHERE m.CUSTOMER_ID = c.ID AND {d.Contains("m.SN", ":sn_term")})",
            MatchPart.Scan => $"c.ID IN (SELECT m.CUSTOMER_ID FROM ACS_CUSTOMER_SN m WHERE {d.Contains("m.SN", ":sn_term")})",
            _ => null,
        };
    }

    /// <summary>
    /// Name order: case-insensitive, then ID; Z to A is its exact reverse. Reference order: the customers with a
    /// reference by it, then those without, last in both directions; customers alike in it by name, A to Z.
    /// </summary>
    private string Order(CustomerSort sort, string alias)
    {
        var byName = $"{d.OrderKey($"{alias}.NAME")}, {alias}.ID";
        return sort switch
        {
            CustomerSort.NameDescending => $"{d.OrderKey($"{alias}.NAME")} DESC, {alias}.ID DESC",
            CustomerSort.ReferenceAscending or CustomerSort.ReferenceDescending =>
                $"CASE WHEN {alias}.CUSTOMER_REFERENCE IS NULL THEN 1 ELSE 0 END, {d.OrderKey($"{alias}.CUSTOMER_REFERENCE")}" +
                $"{(sort == CustomerSort.ReferenceDescending ? " DESC" : "")}, {byName}",
            _ => byName,
        };
    }

    /// <summary>The customers an ACS user may see: <c>:root_id</c> and every customer below it through PARENT_CUSTOMER_ID.</summary>
    internal static string VisibleCte(ISqlDialect d) => d.RecursiveCte("VISIBLE",
        "SELECT ID FROM ACS_CUSTOMER WHERE ID = :root_id",
        "SELECT child.ID FROM ACS_CUSTOMER child JOIN VISIBLE ON child.PARENT_CUSTOMER_ID = VISIBLE.ID");

    /// <summary>
    /// The stored name, reference and description of the visible customer <c>:id</c>, locked until the transaction
    /// ends, so that the version compared and the values written to the history are the ones the update replaces.
    /// </summary>
    public PerScope CurrentValuesForUpdate { get; } = new(subtree => $"""
        SELECT c.NAME AS Name, c.CUSTOMER_REFERENCE AS Reference, c.DESCRIPTION AS Description
        FROM ACS_CUSTOMER c
        WHERE c.ID = :id{Visible(d, "c", subtree)}
        {d.ForUpdate}
        """);

    /// <summary>One row per changed field; <c>:changed_at</c> is Unix seconds, UTC.</summary>
    public const string InsertHistory = """
        INSERT INTO JARVIS_CUSTOMER_HISTORY (CHANGED_AT, USERNAME, CUSTOMER_ID, FIELD, OLD_VALUE, NEW_VALUE, VIA, TOKEN_NAME)
        VALUES (:changed_at, :username, :id, :field, :old_value, :new_value, :via, :token_name)
        """;

    /// <summary>The history of the customer <c>:id</c>, newest first, paged; no rows unless the customer is visible.</summary>
    public PerScope History { get; } = new(subtree => $"""
        SELECT h.CHANGED_AT AS ChangedAt, h.USERNAME AS Username, h.FIELD AS Field,
               h.OLD_VALUE AS OldValue, h.NEW_VALUE AS NewValue, h.VIA AS Via, h.TOKEN_NAME AS TokenName
        {HistoryOf(d, subtree)}
        ORDER BY h.CHANGED_AT DESC, h.ID DESC
        {d.Paging}
        """);

    public PerScope HistoryCount { get; } = new(subtree => $"SELECT COUNT(*)\n{HistoryOf(d, subtree)}");

    /// <summary>
    /// The visible customer <c>:id</c> and its visible ancestors, each with its parent's id, in no order. The walk up
    /// through PARENT_CUSTOMER_ID reads no names; the rows returned are only those the caller may see, so an ACS user
    /// never learns what lies above their own customer.
    /// </summary>
    public PerScope ParentChain { get; } = new(subtree => $"""
        {d.RecursiveCte("ANCESTORS",
            "SELECT c.PARENT_CUSTOMER_ID FROM ACS_CUSTOMER c WHERE c.ID = :id AND c.PARENT_CUSTOMER_ID IS NOT NULL",
            "SELECT p.PARENT_CUSTOMER_ID FROM ACS_CUSTOMER p JOIN ANCESTORS a ON p.ID = a.ID WHERE p.PARENT_CUSTOMER_ID IS NOT NULL")}
        SELECT t.ID AS Id, t.NAME AS Name, t.PARENT_CUSTOMER_ID AS ParentId
        FROM ACS_CUSTOMER t
        WHERE (t.ID = :id OR t.ID IN (SELECT ID FROM ANCESTORS)){Visible(d, "t", subtree)}
        """);

    /// <summary>The visible customers directly below <c>:id</c>, by name, paged.</summary>
    public PerScope Children { get; } = new(subtree => $"""
        SELECT c.ID AS Id, c.NAME AS Name
        {ChildrenOf(d, subtree)}
        ORDER BY {d.Fold("c.NAME")}, c.ID
        {d.Paging}
        """);

    public PerScope ChildCount { get; } = new(subtree => $"SELECT COUNT(*)\n{ChildrenOf(d, subtree)}");

    private static string HistoryOf(ISqlDialect d, bool subtree) => $"""
        FROM JARVIS_CUSTOMER_HISTORY h
        WHERE h.CUSTOMER_ID IN (SELECT c.ID FROM ACS_CUSTOMER c WHERE c.ID = :id{Visible(d, "c", subtree)})
        """;

    private static string ChildrenOf(ISqlDialect d, bool subtree) => $"""
        FROM ACS_CUSTOMER c
        WHERE c.PARENT_CUSTOMER_ID = :id{Visible(d, "c", subtree)}
        """;

    /// <summary>
    /// The visible-customers predicate of the update, history and tree statements for the row aliased
    /// <paramref name="alias"/>, appended to a WHERE: nothing for a user who sees every customer; for an ACS user,
    /// <c>:root_id</c> and the customers below it, walked once in an uncorrelated subquery.
    /// </summary>
    private static string Visible(ISqlDialect d, string alias, bool subtree) => subtree
        ? $"""
             AND {alias}.ID IN (
                {VisibleCte(d)}
                SELECT ID FROM VISIBLE)
            """
        : "";
}

/// <summary>
/// One statement per access scope, keyed <c>All</c> (a user who sees every customer: no visibility predicate) and
/// <c>Subtree</c> (an ACS user: binds <c>:root_id</c>).
/// </summary>
internal sealed class PerScope : Dictionary<string, string>
{
    public PerScope(Func<bool, string> build)
    {
        this["All"] = build(false);
        this["Subtree"] = build(true);
    }

    /// <summary>The statement of <paramref name="scope"/>.</summary>
    public string For(AccessScope scope) => this[scope.SeeAll ? "All" : "Subtree"];
}
