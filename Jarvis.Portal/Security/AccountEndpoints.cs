using Jarvis.Core.Security;

namespace Jarvis.Portal.Security;

/// <summary>
/// The portal's login and logout: real HTTP form posts, so the session cookie is set by a normal response
/// (a Blazor circuit cannot set cookies).
/// </summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(LoginPath, LoginAsync).ExcludeFromDescription();
        app.MapPost(LogoutPath, LogoutAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, UserStore users, SessionStore sessions)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LocalUrlOrHome(form["returnUrl"].ToString());
        var result = await users.LoginAsync(form["username"].ToString(), form["password"].ToString(), context.RequestAborted);
        if (result is LoginResult.Failure failure)
        {
            var error = failure.Message switch
            {
                LoginResult.NotPermitted => "not-permitted",
                LoginResult.Locked => "locked",
                _ => "invalid",
            };
            return Results.Redirect($"/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        await sessions.DeleteAsync(SessionCookie.Read(context), context.RequestAborted);
        SessionCookie.Issue(context, ((LoginResult.Success)result).SessionId);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, SessionStore sessions)
    {
        await sessions.DeleteAsync(SessionCookie.Read(context), context.RequestAborted);
        SessionCookie.Expire(context);
        return Results.Redirect("/login?loggedOut=1");
    }

    /// <summary>Only a path on this site: an absolute or protocol-relative URL would be an open redirect.</summary>
    public static string LocalUrlOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            ? url
            : "/customers";
}
