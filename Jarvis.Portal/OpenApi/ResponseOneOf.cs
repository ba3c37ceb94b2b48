namespace Jarvis.Portal.OpenApi;

/// <summary>An answer that is one of several envelopes, told apart by their keys' values (<c>success</c> 1 or 0).</summary>
public sealed record ResponseOneOf(int StatusCode, params Type[] Schemas);
