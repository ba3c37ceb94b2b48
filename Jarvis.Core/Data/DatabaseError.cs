using System.Data.Common;

namespace Jarvis.Core.Data;

/// <summary>
/// What a database error means for the caller: an outage (try again later), a statement the caller cancelled
/// (<see cref="IsCancelled"/>: nobody waits for an answer), or a fault, with the database's code.
/// </summary>
public sealed record DatabaseError(bool IsOutage, string Code)
{
    public bool IsCancelled { get; init; }

    /// <summary>
    /// Classifies <paramref name="exception"/> by the dialect whose provider raised it (<see cref="SqlDialects.All"/>),
    /// for callers that hold no <see cref="JarvisDatabase"/>; an error no dialect knows is a fault. With
    /// <paramref name="callerCancelled"/>, a statement stopped for the caller (Oracle's ORA-01013, which a command
    /// timeout also raises) is a cancellation, not an outage.
    /// </summary>
    public static DatabaseError Of(DbException exception, bool callerCancelled = false)
    {
        if (SqlDialects.All.FirstOrDefault(d => d.Raised(exception)) is not { } dialect)
        {
            return new(false, exception.GetType().Name);
        }

        return callerCancelled && dialect.IsInterrupted(exception)
            ? new(false, dialect.ErrorCode(exception)) { IsCancelled = true }
            : new(dialect.IsOutage(exception), dialect.ErrorCode(exception));
    }

    /// <summary>
    /// True when <paramref name="exception"/> means the database is down, locked or gone (the answer is 503 and the next
    /// request simply tries again): only connection-class errors (SQLite busy, locked, cannot open, I/O; Oracle
    /// ORA-03113, ORA-12541, ...) are an outage.
    /// </summary>
    public static bool IsOutageError(Exception exception) => exception is DbException e && Of(e).IsOutage;
}
