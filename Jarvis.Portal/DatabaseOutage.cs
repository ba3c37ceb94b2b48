using System.Data.Common;
using Jarvis.Core.Data;

namespace Jarvis.Portal;

/// <summary>
/// What the portal and the API say when the database cannot be reached or refuses a statement, so that every page,
/// endpoint and handler answers alike. Which error is an outage, Core's <see cref="DatabaseError"/> decides.
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
    /// True for any database error, outage or not: what a page (<c>PortalPage.RunAsync</c>) or form turns into its error
    /// state instead of ending the circuit. The HTTP answer and the log still tell an outage (503) from a fault (502).
    /// </summary>
    public static bool IsDatabaseFailure(Exception exception) => exception is DbException;
}
