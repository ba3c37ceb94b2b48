namespace Jarvis.Portal.OpenApi;

/// <summary>The stem of an endpoint's operationIds: <c>{method}{Name}</c>, with <c>Legacy</c> appended under the legacy base.</summary>
public sealed record OperationName(string Name);
