namespace Jarvis.Portal.Security;

/// <summary>The original's session cookie: <c>N2FE_CGISESSID</c>, HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS.</summary>
public static class SessionCookie
{
    public const string Name = "N2FE_CGISESSID";

    public static string? Read(HttpContext context) => context.Request.Cookies[Name];

    public static void Issue(HttpContext context, string sessionId) =>
        context.Response.Cookies.Append(Name, sessionId, Options(context));

    public static void Expire(HttpContext context) =>
        context.Response.Cookies.Delete(Name, Options(context));

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Secure = context.Request.IsHttps,
        IsEssential = true,
    };
}
