using System.Globalization;
using Jarvis.Core.Security;
using Jarvis.Portal.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jarvis.Portal.Security;

/// <summary>
/// The portal's login and logout: real HTTP form posts, so the session cookie is set by a normal response
/// (a Blazor circuit cannot set cookies).
/// </summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";

    public const string FormExpired = "The login form had expired. Please log in again.";
    public const string ServiceUnavailable = DatabaseOutage.Title + ". Please try again in a moment.";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(LoginPath, LoginAsync).ExcludeFromDescription();
        app.MapPost(LogoutPath, LogoutAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> LoginAsync(
        HttpContext context, UserStore users, SessionStore sessions, IAntiforgery antiforgery, ILoggerFactory loggers)
    {
        if (CrossSiteLogin.IsCrossSite(context.Request))
        {
            return Results.Text(CrossSiteLogin.Refused, statusCode: StatusCodes.Status403Forbidden);
        }

        if (!context.Request.HasFormContentType)
        {
            return Results.Redirect("/login?error=expired");
        }

        if (!await LoginBody.BufferAsync(context.Request, context.RequestAborted))
        {
            return Results.Text(LoginBody.TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = ReturnUrl.LocalOrHome(form["returnUrl"].ToString());
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Redirect($"/login?error=expired&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        LoginResult result;
        try
        {
            result = await users.LoginAsync(
                form["username"].ToString(), form["password"].ToString(), ClientAddress.Of(context), context.RequestAborted);
        }
        catch (Exception e) when (DatabaseOutage.IsDatabaseFailure(e))
        {
            loggers.CreateLogger(typeof(AccountEndpoints)).LogError(e, "Login failed: the database is unavailable");
            return Results.Redirect($"/login?error=unavailable&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        if (result is LoginResult.Throttled throttled)
        {
            return LoginPageThrottled(context, throttled, returnUrl);
        }

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

    private static async Task<IResult> LogoutAsync(
        HttpContext context, SessionStore sessions, IAntiforgery antiforgery, ILoggerFactory loggers)
    {
        // A forged cross-site post cannot carry the SameSite=Strict cookie anyway; a page open since before its
        // session expired has a token for a user who is no longer authenticated, and still gets logged out.
        var signedIn = context.User.Identity?.IsAuthenticated == true;
        if (signedIn && !await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Redirect("/customers");
        }

        try
        {
            await sessions.DeleteAsync(SessionCookie.Read(context), context.RequestAborted);
        }
        catch (Exception e) when (DatabaseOutage.IsDatabaseFailure(e))
        {
            // The cookie is expired below all the same; the stored session ends by its idle timeout.
            loggers.CreateLogger(typeof(AccountEndpoints)).LogError(e, "Logout could not delete the session: the database is unavailable");
        }

        SessionCookie.Expire(context);
        return Results.Redirect("/login?loggedOut=1");
    }

    /// <summary>
    /// 429 with Retry-After, and the login page itself saying how long to wait (a redirect could not carry the
    /// status), with a fresh form for the same return address.
    /// </summary>
    private static RazorComponentResult<App> LoginPageThrottled(HttpContext context, LoginResult.Throttled throttled, string returnUrl)
    {
        context.Response.Headers.RetryAfter = throttled.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Items[ThrottledLogin.Key] = new ThrottledLogin(throttled.Message, returnUrl);
        return new RazorComponentResult<App>(new { StaticPage = typeof(Components.Pages.Account.Login) })
        {
            StatusCode = StatusCodes.Status429TooManyRequests,
        };
    }
}
