using Jarvis.Portal.Api;

namespace Jarvis.Portal.Infrastructure;

/// <summary>A refusal given before routing and authentication: the API's envelope on API and session paths, a short text elsewhere.</summary>
public static class EarlyRefusal
{
    public static async Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        if (ApiPaths.IsApiRequest(context.Request))
        {
            await ApiEnvelope.WriteAsync(context, context.Request.Path, statusCode, message);
            return;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted);
    }
}
