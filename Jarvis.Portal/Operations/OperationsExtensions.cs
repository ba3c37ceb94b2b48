using Jarvis.Core.Data;
using Jarvis.Core.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Jarvis.Portal.Operations;

/// <summary>What an operator needs around the portal: health, request logs, metrics, shared keys, the API reference.</summary>
public static class OperationsExtensions
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    public const string MetricsPath = "/metrics";
    public const string ApiReferencePath = "/docs/api";

    /// <summary>The name every portal process protects its antiforgery tokens and circuits under, wherever it is installed.</summary>
    public const string DataProtectionApplicationName = "Jarvis.Portal";

    public static WebApplicationBuilder AddJarvisOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OperationsOptions>()
            .Bind(builder.Configuration.GetSection(OperationsOptions.SectionName))
            .Validate(o => o.ReadyTimeout > TimeSpan.Zero, "Jarvis:Operations:ReadyTimeout must be longer than zero.")
            .Validate(o =>
            {
                o.MetricsAllowedFrom.ForEach(e => OperationsOptions.ParseNetwork(e));
                return true;
            })
            .ValidateOnStart();

        // Logging:Console:FormatterName=json switches the console to one JSON object per line; these make its lines
        // carry a UTC timestamp and the request's scope (RequestId, RequestPath, TraceId, SpanId).
        services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.TimestampFormat ??= "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
            o.IncludeScopes = true;
        });

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("jarvis-portal"))
            .WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(JarvisTelemetry.MeterName)
            .AddPrometheusExporter());

        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<DataProtectionKeyStore>())));
        return builder;
    }

    /// <summary>
    /// Early in the pipeline, inside the request log: health, metrics and the API reference, which answer before
    /// authentication (no session lookup) and show no customer data.
    /// </summary>
    public static WebApplication UseJarvisOperations(this WebApplication app)
    {
        app.UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

        // From an address not in Jarvis:Operations:MetricsAllowedFrom the request goes on, and /metrics is a 404 page.
        var operations = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == MetricsPath && operations.MetricsAllowed(context.Connection.RemoteIpAddress));

        // Swagger UI serves its scripts, styles and icons from this assembly: nothing is fetched from elsewhere.
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = ApiReferencePath.TrimStart('/');
            o.SwaggerEndpoint("/openapi/v1.json", "Jarvis Portal API");
            o.DocumentTitle = "Jarvis Portal API reference";
        });
        return app;
    }
}
