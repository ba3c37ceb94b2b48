using System.Net;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace Jarvis.Portal.Infrastructure;

/// <summary>The protections of API.md section 6 that live in HTTP: wiring for <see cref="PortalExtensions"/>.</summary>
public static class ProtectionExtensions
{
    /// <summary>Kestrel's limits and Server header, and forwarded headers from the configured proxies only.</summary>
    public static WebApplicationBuilder AddJarvisProtection(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = RequestSizeLimits.KestrelRequestLine;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestSizeLimits.KestrelHeaders;
            kestrel.Limits.MaxRequestHeaderCount = RequestSizeLimits.KestrelHeaderCount;
        });
        // AllowedHosts: the web host's defaults check Host before any middleware of ours, with an HTML page and none of
        // the headers; UseJarvisPortal runs the same check after them instead, where an API path gets the envelope.
        foreach (var filter in builder.Services.Where(d => d.ServiceType == typeof(IStartupFilter)
                     && d.ImplementationType?.Name == "HostFilteringStartupFilter").ToList())
        {
            builder.Services.Remove(filter);
        }

        builder.Services.Configure<HostFilteringOptions>(o => o.IncludeFailureMessage = false);
        builder.Services.AddOptions<ProxyOptions>().Bind(builder.Configuration.GetSection(ProxyOptions.SectionName))
            .Validate(o => o.KnownProxies.TrueForAll(p => IPAddress.TryParse(p, out _)), "Jarvis:Proxy:KnownProxies: every entry must be an IP address (127.0.0.1).")
            .Validate(o => o.KnownNetworks.TrueForAll(n => System.Net.IPNetwork.TryParse(n, out _)), "Jarvis:Proxy:KnownNetworks: every entry must be a network in CIDR notation (10.0.0.0/8).")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<ProxyOptions>>((forwarded, proxy) => proxy.Value.ApplyTo(forwarded));
        return builder;
    }

    /// <summary>First in the pipeline: forwarded headers, response headers, size limits.</summary>
    public static WebApplication UseJarvisProtection(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<RequestSizeLimits>();
        return app;
    }

    /// <summary>Outside Development, stops the start while any user still has their demo password, naming them.</summary>
    public static async Task RefuseDemoPasswordsAsync(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return;
        }

        var users = await DemoPasswords.UsersStillOnThemAsync(app.Services.GetRequiredService<JarvisDatabase>());
        if (users.Count > 0)
        {
            var message = DemoPasswords.RefusalMessage(users);
            app.Logger.LogCritical("{Refusal}", message);
            throw new InvalidOperationException(message);
        }
    }
}
