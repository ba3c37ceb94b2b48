using System.Net;

namespace Jarvis.Portal.Operations;

/// <summary>Health and metrics settings, bound from <c>Jarvis:Operations</c>.</summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Jarvis:Operations";

    /// <summary>How long <c>/healthz/ready</c> waits for the database before it answers 503.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Addresses or networks (<c>10.0.0.5</c>, <c>10.0.0.0/24</c>, <c>::1</c>) that may read <c>/metrics</c>. Empty (the
    /// default): loopback only. From any other address <c>/metrics</c> does not exist (404).
    /// </summary>
    public List<string> MetricsAllowedFrom { get; set; } = [];

    /// <summary>True when <paramref name="address"/> may read the metrics; an unknown address never may.</summary>
    public bool MetricsAllowed(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return MetricsAllowedFrom.Count == 0
            ? IPAddress.IsLoopback(address)
            : MetricsAllowedFrom.Any(entry => ParseNetwork(entry).Contains(address));
    }

    /// <summary>An address or a network in CIDR notation; anything else is a configuration error, raised at startup.</summary>
    public static IPNetwork ParseNetwork(string entry)
    {
        var text = entry.Trim();
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(text, out var single))
        {
            return new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        throw new InvalidOperationException(
            $"{SectionName}:MetricsAllowedFrom: '{entry}' is neither an IP address nor a network such as 10.0.0.0/24.");
    }
}
