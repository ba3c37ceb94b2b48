namespace Jarvis.Portal.OpenApi;

/// <summary>The endpoint reads the session cookie when one is sent, but answers without one too.</summary>
public sealed record OptionalSession;
