namespace Jarvis.Portal.OpenApi;

/// <summary>A named example of the JSON answer for <see cref="StatusCode"/>, taken from the demo data.</summary>
public sealed record ResponseExample(int StatusCode, string Name, string Summary, object Value);
