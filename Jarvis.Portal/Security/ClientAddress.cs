namespace Jarvis.Portal.Security;

/// <summary>
/// The client's address as the login throttle counts it: the connection's, or the one a configured proxy forwarded
/// (the forwarded-headers middleware has already put it on the connection).
/// </summary>
public static class ClientAddress
{
    /// <summary>Where the server cannot tell (an in-memory test server, a Unix socket): all such clients count as one.</summary>
    public const string Unknown = "unknown";

    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress is { } address
        ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
        : Unknown;
}
