using System.Data.Common;

namespace Jarvis.Portal.Infrastructure;

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

    /// <summary>
    /// True when <paramref name="exception"/> means the database is down, locked or gone, so the answer is 503 and the
    /// next request simply tries again. Today that is every <see cref="DbException"/>.
    /// </summary>
    public static bool Is(Exception exception) => exception is DbException;
}
