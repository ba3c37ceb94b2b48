using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Jarvis.Portal.Security;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the portal believes, bound from
/// <c>Jarvis:Proxy</c>. Empty by default: no proxy is trusted, not even one on loopback (ASP.NET Core's own default
/// trusts 127.0.0.1/8 and ::1), so the client address is the connection's until a site names its proxies.
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "Jarvis:Proxy";

    /// <summary>Single proxy addresses, e.g. <c>127.0.0.1</c> for nginx on the same host.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.20.0.0/16</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public void ApplyTo(ForwardedHeadersOptions options)
    {
        // With both lists empty the middleware would believe every sender: with no proxy named, it reads nothing.
        options.ForwardedHeaders = KnownProxies.Count + KnownNetworks.Count == 0
            ? ForwardedHeaders.None
            : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        // Each hop must itself be a known proxy, so the chain may be as long as the site's proxies make it.
        options.ForwardLimit = null;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list still holds the loopback default and is still consulted.
        options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        KnownProxies.ForEach(proxy => options.KnownProxies.Add(IPAddress.Parse(proxy)));
        KnownNetworks.ForEach(network => options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network)));
    }
}
