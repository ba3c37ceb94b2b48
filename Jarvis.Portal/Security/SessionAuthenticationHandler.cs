using System.Text.Encodings.Web;
using Jarvis.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Jarvis.Portal.Security;

/// <summary>
/// Authenticates a request by its <c>N2FE_CGISESSID</c> cookie against the server-side session store, for the API and
/// the portal alike. Its challenge sends a page to the login page; API paths answer 401 instead
/// (<c>Api.ApiAuthorizationResultHandler</c>).
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionStore sessions,
    PortalCurrentUser currentUser)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "N2FE";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var sessionId = SessionCookie.Read(Context);
        var session = await sessions.GetAndSlideAsync(sessionId, Context.RequestAborted);
        currentUser.SetRequestUser(session?.User);
        if (session is null)
        {
            return AuthenticateResult.NoResult();
        }

        var principal = JarvisClaims.PrincipalFor(session.User, sessionId!, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var returnUrl = Request.PathBase + Request.Path + Request.QueryString;
        Response.Redirect(LoginRedirect.UrlFor(returnUrl));
        return Task.CompletedTask;
    }
}
