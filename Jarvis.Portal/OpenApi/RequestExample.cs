namespace Jarvis.Portal.OpenApi;

/// <summary>A named example of the request body in <see cref="ContentType"/>.</summary>
public sealed record RequestExample(string ContentType, string Name, string Summary, object Value);
