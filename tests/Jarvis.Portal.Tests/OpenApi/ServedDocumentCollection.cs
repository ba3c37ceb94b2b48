namespace Jarvis.Portal.Tests.OpenApi;

/// <summary>
/// xunit runs collections that disable parallelization after all the parallel ones have finished: the answers of
/// every other test class of this assembly are recorded by the time <see cref="ServedDocumentTests"/> runs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServedDocumentCollection
{
    public const string Name = "Served OpenAPI document (runs last)";
}
