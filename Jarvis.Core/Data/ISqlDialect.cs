using System.Data.Common;

namespace Jarvis.Core.Data;

/// <summary>
/// The few places where Oracle and SQLite SQL really differ. Everything else is one text with <c>:name</c> binds.
/// </summary>
public interface ISqlDialect
{
    /// <summary>Unicode case folding of a column, to compare with a term folded by <see cref="FoldTerm"/>.</summary>
    string Fold(string expression);

    /// <summary>Folds a search term in C# exactly as <see cref="Fold"/> folds a column in SQL.</summary>
    string FoldTerm(string term);

    /// <summary>True when the folded <paramref name="column"/> contains <paramref name="foldedTerm"/> (a bind), as <see cref="Fold"/> would test it.</summary>
    string FoldedContains(string column, string foldedTerm);

    /// <summary>True when <paramref name="column"/> contains <paramref name="term"/> (a bind) exactly, without folding.</summary>
    string Contains(string column, string term);

    /// <summary>
    /// The case-insensitive sort key of a text column, written as the order indexes are built on it (then ID breaks
    /// ties): a first page in name or reference order then needs no sort of every match.
    /// </summary>
    string OrderKey(string expression);

    /// <summary>What follows <c>ACS_CUSTOMER c</c> to make the database walk the name-order index ("" when none).</summary>
    string NameOrderIndexHint { get; }

    /// <summary>
    /// What follows <c>ACS_CUSTOMER c</c> to make the database walk the reference-order index of the customers that have
    /// a reference ("" when none).
    /// </summary>
    string ReferenceOrderIndexHint { get; }

    /// <summary>
    /// What follows <c>ACS_CUSTOMER c</c> to make the database read the matches (by ID or by scanning) and sort them,
    /// never walk an order index testing each row: the plan the service chose for few matches ("" when none).
    /// </summary>
    string SortMatchesHint { get; }

    /// <summary>A join that keeps its left side as the outer loop (SQLite: CROSS JOIN), with an ON clause.</summary>
    string OrderedJoin { get; }

    /// <summary>
    /// The search index, or null when this database has none (the search then scans). Its candidate
    /// subqueries return a superset of the matches; the exact test is still applied to every candidate.
    /// </summary>
    SearchIndex? Index { get; }

    /// <summary>
    /// The customer's service numbers in numeric order (shorter first, as customer-api.txt shows), joined by ", ", for the
    /// row aliased <paramref name="customerAlias"/>. Never fails on a long list.
    /// </summary>
    string ServiceNumberList(string customerAlias);

    /// <summary>Row paging by <c>:offset</c> and <c>:limit</c>, after an ORDER BY.</summary>
    string Paging { get; }

    /// <summary>The first <paramref name="rows"/> rows of a query (a constant, not a bind), after its WHERE.</summary>
    string FirstRows(int rows);

    /// <summary>The FROM of a SELECT of expressions only ("" on SQLite, FROM DUAL on Oracle).</summary>
    string NoTable { get; }

    /// <summary>A recursive common table expression named <paramref name="name"/> over (ID): anchor, then recursive step.</summary>
    string RecursiveCte(string name, string anchor, string step);

    /// <summary>The provider's factory for this database's connections (it may throw when the driver is not in the build).</summary>
    DbProviderFactory ProviderFactory();

    /// <summary>The configured connection string as this database's connections take it.</summary>
    string ConnectionString(string configured);

    /// <summary>True when this database's provider raised <paramref name="exception"/>: its codes then mean something.</summary>
    bool Raised(DbException exception);

    /// <summary>How long a command may run when the configuration names no timeout, for this connection string.</summary>
    int DefaultCommandTimeout(string connectionString);

    /// <summary>How text limits count when the configuration does not say (docs/SCHEMA.md).</summary>
    LengthSemantics DefaultLengthSemantics { get; }

    /// <summary>Sets up a newly opened connection (session settings, functions) before Jarvis uses it.</summary>
    Task PrepareConnectionAsync(DbConnection connection, int commandTimeout, CancellationToken cancellationToken);

    /// <summary>
    /// Until disposed, stops the statement running on <paramref name="connection"/> as soon as
    /// <paramref name="cancellationToken"/> is cancelled; the statement then fails with an error that
    /// <see cref="IsInterrupted"/> recognises. Dispose it before the connection closes. Where the provider cannot stop a
    /// running statement, nothing happens and the statement finishes.
    /// </summary>
    CancellationTokenRegistration InterruptOnCancel(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="exception"/> is a statement stopped by <see cref="InterruptOnCancel"/>.</summary>
    bool IsInterrupted(DbException exception);

    /// <summary>
    /// Appended to a SELECT in a write transaction to lock the rows it reads until the transaction ends (Oracle's
    /// <c>FOR UPDATE</c>); empty where the transaction already holds the write lock (SQLite's <c>BEGIN IMMEDIATE</c>).
    /// </summary>
    string ForUpdate { get; }

    bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// True when the exception says the database cannot be reached or is busy (down, locked, connection lost, timed
    /// out): the caller may try again later. Any other database error is a fault in a statement or the schema.
    /// </summary>
    bool IsOutage(DbException exception);

    /// <summary>The database's own error code for logs, e.g. <c>ORA-03113</c> or <c>SQLITE_BUSY (5/5)</c>.</summary>
    string ErrorCode(DbException exception);

    /// <summary>The column a value was too long for (Oracle's ORA-12899), or null when the error is something else.</summary>
    string? ValueTooLongColumn(DbException exception);

    /// <summary>
    /// True when the folded <paramref name="column"/> equals <paramref name="foldedTerm"/> (a bind folded by
    /// <see cref="FoldTerm"/>): a case-insensitive comparison, as <see cref="FoldedContains"/> tests a substring.
    /// </summary>
    string FoldedEquals(string column, string foldedTerm);

    /// <summary>
    /// A statement giving the id of a new customer, or null when this database cannot give one. SQLite: the next free
    /// id (run inside the write transaction). Oracle: the next value of <paramref name="sequence"/>, the configured
    /// <see cref="DatabaseOptions.CustomerIdSequence"/> (null when it is not set).
    /// </summary>
    string? NextCustomerId(string? sequence);

    /// <summary>
    /// The constraint named when a row could not be deleted because another table still refers to it (Oracle's
    /// ORA-02292), or null when the error is something else.
    /// </summary>
    string? ReferencingConstraint(DbException exception);
}

/// <summary>
/// A substring index over customer names and service numbers. <see cref="NameCandidates"/> selects customer IDs (a column
/// named ID, each customer once) and binds <c>:name_key</c>; <see cref="NumberCandidates"/> selects values of the service
/// number column <see cref="NumberCandidateColumn"/> and binds <c>:sn_key</c>; each is a superset of the rows that contain
/// the term the key was made from.
/// </summary>
public sealed record SearchIndex(
    string NameCandidates, string NumberCandidates, int MinimumTermLength, Func<string, string> KeyOf)
{
    /// <summary>
    /// Counts, up to <c>:cap</c>, the rows that hold one piece (:name_key, :sn_key), to leave very common pieces out of a
    /// key (SQLite: a piece in a third of all numbers, like "800", costs more to read than the rest of the term).
    /// Null when the index has no such probe.
    /// </summary>
    public string? NameProbe { get; init; }

    /// <summary>
    /// The column of ACS_CUSTOMER_SN that <see cref="NumberCandidates"/> selects: <c>SN</c>, or <c>ID</c> where the index
    /// keys its rows by ID (SQLite's FTS5 rowid: reading the ID needs no lookup of the indexed text).
    /// </summary>
    public string NumberCandidateColumn { get; init; } = "SN";

    /// <inheritdoc cref="NameProbe"/>
    public string? NumberProbe { get; init; }

    /// <summary>
    /// With a probe: pieces are first counted up to this many rows; when three or more pieces of a part are rarer, they
    /// make its key, else its pieces are counted again up to <see cref="CommonPiece"/>.
    /// </summary>
    public int RarePiece { get; init; }

    /// <summary>With a probe: a piece in this many rows or more is common, and a key leaves it out when the term has rarer ones.</summary>
    public int CommonPiece { get; init; }

    /// <summary>A key that needs every one of these pieces (a superset of the rows containing the term), or null.</summary>
    public Func<IReadOnlyList<string>, string>? KeyOfPieces { get; init; }

    /// <summary>
    /// The part of a folded term to look up, or null when the index cannot serve it (fewer than
    /// <see cref="MinimumTermLength"/> characters). Only the part before a NUL character is looked up: any row that
    /// contains the whole term contains that part, and neither SQL engine takes a NUL inside a text it parses.
    /// </summary>
    public string? UsablePart(string foldedTerm)
    {
        var usable = foldedTerm.Split('\0')[0];
        return usable.EnumerateRunes().Count() >= MinimumTermLength ? usable : null;
    }

    /// <summary>The key to bind for a folded term, or null when the index cannot serve it.</summary>
    public string? KeyFor(string foldedTerm) => UsablePart(foldedTerm) is { } usable ? KeyOf(usable) : null;

    /// <summary>The distinct three-character pieces of a term, in order.</summary>
    public static IReadOnlyList<string> Trigrams(string term)
    {
        var runes = term.EnumerateRunes().Select(r => r.ToString()).ToArray();
        return [.. Enumerable.Range(0, Math.Max(0, runes.Length - 2)).Select(i => runes[i] + runes[i + 1] + runes[i + 2]).Distinct()];
    }
}
