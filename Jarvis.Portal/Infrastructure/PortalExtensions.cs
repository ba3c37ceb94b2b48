using System.Text.Encodings.Web;
using System.Text.Unicode;
using Jarvis.Core;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Jarvis.Portal.Api;
using Jarvis.Portal.Components;
using Jarvis.Portal.Components.Shared;
using Jarvis.Portal.OpenApi;
using Jarvis.Portal.Operations;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Data.Sqlite;
using MudBlazor.Services;

namespace Jarvis.Portal.Infrastructure;

public static class PortalExtensions
{
    public static WebApplicationBuilder AddJarvisPortal(this WebApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        var demo = builder.Environment.IsDevelopment();
        builder.Services.AddJarvisCore(builder.Configuration, o => UseEmbeddedDefault(o, contentRoot, demo));
        builder.AddJarvisProtection();
        builder.Services.AddJarvisAuthentication();
        builder.Services.AddHostedService<SearchIndexFoldService>();
        // The document at /openapi/v1.json, completed by the API's own transformers.
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddOperationTransformer<ApiOperationTransformer>();
            options.AddSchemaTransformer<StrictSchemaTransformer>();
        });
        // Names such as "Ñandú Café" stay readable in the API's JSON; HTML-sensitive characters are still escaped.
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        builder.Services.AddExceptionHandler<JarvisExceptionHandler>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<CustomersAddress.LastShown>();
        builder.Services.AddScoped<BrowserTime>();
        builder.Services.AddHostedService<CustomerChangeReaderService>();
        builder.AddJarvisOperations();
        // Outside Development, a build-output run (not a publish) would otherwise serve MudBlazor's CSS/JS and app.css
        // as empty 200s; with no runtime manifest (publish output) this does nothing.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    /// <summary>
    /// The N2FE_CGISESSID cookie scheme, shared by the API and the portal (where an API path answers 401 instead of the
    /// login redirect), the API token scheme beside it, the portal's <see cref="ICurrentUser"/>, and the purge of expired sessions.
    /// </summary>
    public static IServiceCollection AddJarvisAuthentication(this IServiceCollection services)
    {
        services.AddScoped<PortalCurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<PortalCurrentUser>());
        // Two schemes behind one selector: an API request with an Authorization header (or a token in its query string) is
        // the API token scheme's, everything else the session cookie's. Authorization and the access policy see one user.
        services.AddAuthentication(ApiTokenAuthenticationHandler.SelectorScheme)
            .AddPolicyScheme(ApiTokenAuthenticationHandler.SelectorScheme, null, o => o.ForwardDefaultSelector = context =>
                ApiTokenAuthenticationHandler.Applies(context) ? ApiTokenAuthenticationHandler.SchemeName : SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingAuthenticationStateProvider>();
        services.AddOptions<SessionPurgeOptions>().BindConfiguration(SessionPurgeOptions.SectionName)
            .Validate(o => o.Interval > TimeSpan.Zero, "Jarvis:SessionPurge:Interval must be longer than zero.")
            .ValidateOnStart();
        services.AddHostedService<SessionPurgeService>();
        return services;
    }

    /// <summary>
    /// Creates the embedded schema (and demo data in demo mode) before the first request; outside Development,
    /// refuses to start while a user still has a demo password.
    /// </summary>
    public static async Task InitializeJarvisDatabaseAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<SchemaInitializer>().InitializeAsync();
        await app.RefuseDemoPasswordsAsync();
        // Who may log in, read all and write decides everything else: the lists in force go to the log at every start.
        foreach (var (setting, groups) in app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.GroupLists())
        {
            app.Logger.LogInformation("{Setting}: {Groups}", setting, string.Join(", ", groups));
        }
    }

    public static WebApplication UseJarvisPortal(this WebApplication app)
    {
        app.UseJarvisProtection();
        // The request log around everything after the protections, then health, metrics and the API reference.
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseJarvisOperations();

        // JarvisExceptionHandler answers database outages and API failures; other page failures show /error.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", CreateScopeForErrors = true });

        // A page address that matches no route gets "Page not found"; a bare error status on an API path gets the API's
        // JSON instead, written first (inner), so the page is never tried for it.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(context => ApiPaths.IsApiPath(context.Request.Path),
            api => api.UseStatusCodePages(ApiEnvelope.WriteStatusCodePageAsync));
        // AllowedHosts (ProtectionExtensions): a Host it does not name gets a bare 400, so the envelope on API paths.
        app.UseHostFiltering();
        // While the embedded database file the portal started with is gone from its path (deleted or replaced), every
        // request answers 503 (API.md section 6): the database's own outage, thrown here, answered as any outage is.
        var database = app.Services.GetRequiredService<JarvisDatabase>();
        app.Use((context, next) =>
        {
            database.EnsureFileIntact();
            return next(context);
        });
        // Routing here, after the protections: a static asset's endpoint short-circuits (below), so a stylesheet is
        // answered with the protective headers but before authentication, and never looks a session up.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapSessionEndpoints();
        app.MapAccountEndpoints();
        app.MapCustomerApi();
        app.MapStaticAssets().ShortCircuit();
        // Our own Content-Security-Policy (SecurityHeaders) carries frame-ancestors 'none' on every response.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    /// <summary>
    /// With no connection string, SQLite lives under the content root in <c>App_Data/jarvis-demo.db</c> in Development
    /// (the demo database) and in <c>App_Data/jarvis.db</c> in every other environment: never the same file.
    /// </summary>
    private static void UseEmbeddedDefault(DatabaseOptions options, string contentRoot, bool demo)
    {
        if (options.Provider != DatabaseProvider.Sqlite || !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return;
        }

        var folder = Path.Combine(contentRoot, "App_Data");
        Directory.CreateDirectory(folder);
        options.ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, demo ? "jarvis-demo.db" : "jarvis.db"),
            DefaultTimeout = 5,
        }.ToString();
    }
}
