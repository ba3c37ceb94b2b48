namespace Jarvis.Portal.OpenApi;

/// <summary>The body of POST and PUT requests, read by the handler itself rather than bound, in each content type.</summary>
public sealed record RequestBody(Type Schema, string Description, bool Required, params string[] ContentTypes);
