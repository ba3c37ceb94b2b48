using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;

namespace Jarvis.Portal.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// The API's wiring: readable non-ASCII in JSON, and 401 instead of the login redirect.
    /// </summary>
    public static IServiceCollection AddJarvisApi(this IServiceCollection services)
    {
        // Names such as "Ñandú Café" stay readable; HTML-sensitive characters are still escaped.
        var encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Encoder = encoder);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        return services;
    }
}
