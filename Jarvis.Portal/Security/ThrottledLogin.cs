namespace Jarvis.Portal.Security;

/// <summary>What the login page shows when <c>/account/login</c> answers 429 with it; kept in <c>HttpContext.Items</c>.</summary>
public sealed record ThrottledLogin(string Message, string ReturnUrl)
{
    public const string Key = "jarvis:login-throttled";

    public static ThrottledLogin? Of(HttpContext? context) => context?.Items[Key] as ThrottledLogin;
}
