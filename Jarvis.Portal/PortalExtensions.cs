using Jarvis.Core;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Jarvis.Portal.Api;
using Jarvis.Portal.Components;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using MudBlazor.Services;

namespace Jarvis.Portal;

public static class PortalExtensions
{
    public static WebApplicationBuilder AddJarvisPortal(this WebApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddJarvisCore(builder.Configuration, o => UseEmbeddedDefault(o, contentRoot));
        builder.Services.AddJarvisAuthentication();
        builder.Services.AddControllers();
        builder.Services.AddOpenApi();
        builder.Services.AddJarvisApi();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<Jarvis.Portal.Components.Shared.BrowserTime>();
        // Outside Development, a build-output run (not a publish) would otherwise serve MudBlazor's CSS/JS and app.css
        // as empty 200s; with no runtime manifest (publish output) this does nothing.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    /// <summary>The N2FE_CGISESSID cookie scheme, shared by the API and the portal, and the portal's <see cref="ICurrentUser"/>.</summary>
    public static IServiceCollection AddJarvisAuthentication(this IServiceCollection services)
    {
        services.AddScoped<PortalCurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<PortalCurrentUser>());
        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>Creates the embedded schema (and demo data in demo mode) before the first request.</summary>
    public static async Task InitializeJarvisDatabaseAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<SchemaInitializer>().InitializeAsync();

    public static WebApplication UseJarvisPortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        // Page addresses that match no route get the portal's "Page not found" page; API answers keep their own bodies.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            if (SessionAuthenticationHandler.IsApiRequest(context.Request)
                && context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }

            return next(context);
        });
        app.UseStaticFiles();
        app.UseJarvisApiErrors();
        app.UseMiddleware<PageDatabaseErrors>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapSessionEndpoints();
        app.MapAccountEndpoints();
        app.MapControllers();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>With no connection string, SQLite lives in <c>App_Data/jarvis.db</c> under the content root.</summary>
    private static void UseEmbeddedDefault(DatabaseOptions options, string contentRoot)
    {
        if (options.Provider != DatabaseProvider.Sqlite || !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return;
        }

        var folder = Path.Combine(contentRoot, "App_Data");
        Directory.CreateDirectory(folder);
        options.ConnectionString = $"Data Source={Path.Combine(folder, "jarvis.db")};Default Timeout=5";
    }
}
