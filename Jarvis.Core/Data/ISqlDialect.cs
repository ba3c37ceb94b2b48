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

    /// <summary>The customer's service numbers in numeric order (shorter first, as customer-api.txt shows), joined by ", ", for the row aliased <paramref name="customerAlias"/>.</summary>
    string ServiceNumberList(string customerAlias);

    /// <summary>Row paging by <c>:offset</c> and <c>:limit</c>, after an ORDER BY.</summary>
    string Paging { get; }

    /// <summary>A recursive common table expression named <paramref name="name"/> over (ID): anchor, then recursive step.</summary>
    string RecursiveCte(string name, string anchor, string step);

    /// <summary>How long a command may run when the configuration names no timeout, for this connection string.</summary>
    int DefaultCommandTimeout(string connectionString);

    /// <summary>How text limits count when the configuration does not say (docs/SCHEMA.md).</summary>
    LengthSemantics DefaultLengthSemantics { get; }

    /// <summary>Sets up a newly opened connection (session settings, functions) before Jarvis uses it.</summary>
    Task PrepareConnectionAsync(DbConnection connection, int commandTimeout, CancellationToken cancellationToken);

    /// <summary>
    /// Appended to a SELECT in a write transaction to lock the rows it reads until the transaction ends (Oracle's
    /// <c>FOR UPDATE</c>); empty where the transaction already holds the write lock (SQLite's <c>BEGIN IMMEDIATE</c>).
    /// </summary>
    string ForUpdate { get; }

    /// <summary>True when the exception is a unique-constraint violation.</summary>
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
}
