using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;

namespace Jarvis.Portal.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// The API's wiring: our envelope instead of ProblemDetails for 400s, readable non-ASCII in JSON,
    /// the OpenAPI description of the customer endpoints, and the session purge in the background.
    /// </summary>
    public static IServiceCollection AddJarvisApi(this IServiceCollection services)
    {
        services.Configure<ApiBehaviorOptions>(o =>
        {
            o.SuppressMapClientErrors = true;
            o.InvalidModelStateResponseFactory = context =>
            {
                var message = context.ModelState
                    .Where(e => e.Value?.Errors.Count > 0)
                    .Select(e => $"{e.Key}: {e.Value!.Errors[0].ErrorMessage}")
                    .FirstOrDefault() ?? "The request is invalid.";
                return new BadRequestObjectResult(ApiEnvelope.RefusalFor(context.HttpContext.User, message));
            };
        });

        // Names such as "Ñandú Café" stay readable; HTML-sensitive characters are still escaped.
        var encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        services.Configure<JsonOptions>(o => o.JsonSerializerOptions.Encoder = encoder);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.Encoder = encoder);

        services.AddOptions<SessionPurgeOptions>().BindConfiguration(SessionPurgeOptions.SectionName);
        services.AddHostedService<SessionPurgeService>();
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddOperationTransformer<CustomerOpenApi>());
        return services;
    }
}
