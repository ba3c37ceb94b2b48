using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Data;

/// <summary>What a database error means for the caller: an outage (try again later) or a fault, with the database's code.</summary>
public sealed record DatabaseError(bool IsOutage, string Code)
{
    private static readonly SqliteDialect Sqlite = new();
    private static readonly OracleDialect Oracle = new();

    /// <summary>
    /// Classifies <paramref name="exception"/> by the dialect of the provider that raised it (a SqliteException by
    /// SQLite's codes, any other by its ORA number), for callers that hold no <see cref="JarvisDatabase"/>.
    /// </summary>
    public static DatabaseError Of(DbException exception)
    {
        ISqlDialect dialect = exception is SqliteException ? Sqlite : Oracle;
        return new(dialect.IsOutage(exception), dialect.ErrorCode(exception));
    }

    /// <summary>
    /// True when <paramref name="exception"/> means the database is down, locked or gone (the answer is 503 and the next
    /// request simply tries again): only connection-class errors (SQLite busy, locked, cannot open, I/O; Oracle
    /// ORA-03113, ORA-12541, ...) are an outage.
    /// </summary>
    public static bool IsOutageError(Exception exception) => exception is DbException e && Of(e).IsOutage;
}
