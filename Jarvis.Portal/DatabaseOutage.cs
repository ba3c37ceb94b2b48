using System.Data.Common;
using Jarvis.Core.Data;

namespace Jarvis.Portal;

/// <summary>
/// What counts as "the database cannot be reached" and what the portal and the API say about it: the one place
/// where a database failure is classified, so that every page, endpoint and handler answers alike.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>The portal's heading for an outage; page texts are built from it.</summary>
    public const string Title = "The customer database cannot be reached";

    /// <summary>The API's message for an outage (the <c>message</c> or <c>error_string</c> of its 503 answer).</summary>
    public const string ApiMessage = "The customer database is unavailable; try again shortly.";

    /// <summary>What the portal adds under <see cref="Title"/>.</summary>
    public const string Advice = "Nothing was lost. Try again in a moment; if this keeps happening, tell your administrator.";

    /// <summary>The heading and the API's message for a database error that is no outage (a statement or the schema at fault).</summary>
    public const string FaultTitle = "The customer database refused the request";

    public const string FaultApiMessage = "The customer database refused the request; it has been logged.";

    /// <summary>
    /// True when <paramref name="exception"/> means the database is down, locked or gone, so the answer is 503 and the
    /// next request simply tries again. Core's dialects decide (<see cref="DatabaseError.Of"/>): only connection-class
    /// errors (SQLite busy, locked, cannot open, I/O; Oracle ORA-03113, ORA-12541, ...) are an outage.
    /// </summary>
    public static bool Is(Exception exception) => exception is DbException e && DatabaseError.Of(e).IsOutage;

    /// <summary>
    /// True for any database error, outage or not: what a page or form catches to show its error panel instead of
    /// ending the circuit. The HTTP answer and the log still tell an outage (503) from a fault (502).
    /// </summary>
    public static bool IsDatabaseFailure(Exception exception) => exception is DbException;
}
