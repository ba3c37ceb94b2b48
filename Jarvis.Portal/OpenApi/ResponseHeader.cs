namespace Jarvis.Portal.OpenApi;

/// <summary>A response header that a script may act on, sent with <see cref="StatusCode"/> answers.</summary>
public sealed record ResponseHeader(int StatusCode, string Name, string Description, bool Required = false);
