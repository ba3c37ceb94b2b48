using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Jarvis.Portal.Security;

namespace Jarvis.Portal.Api;

/// <summary>
/// An API or session path without a live session answers 401 (the status-code page writes "Login required."),
/// never the login redirect that the session scheme's challenge gives a page; a refused API token answers its own 401
/// (or 429). A read-only API token is refused every method but GET and HEAD with 403.
/// </summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public const string ReadOnlyToken = "This token may only read.";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged && ApiPaths.IsApiPath(context.Request.Path))
        {
            if (TokenRefusal.For(context) is { } refusal)
            {
                return refusal.ExecuteAsync(context);
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        // By method, so that it holds for every write the API has or will have (API.md section 10).
        if (authorizeResult.Succeeded && JarvisClaims.IsReadOnlyToken(context.User)
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return ApiEnvelope.WriteAsync(context, context.Request.Path, StatusCodes.Status403Forbidden, ReadOnlyToken);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
