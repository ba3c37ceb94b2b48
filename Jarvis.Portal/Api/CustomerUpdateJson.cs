using System.Text.Json.Serialization;

namespace Jarvis.Portal.Api;

/// <summary>
/// The body of <c>PUT /api/customer/{customer_id}</c>, for the OpenAPI document only (described by
/// <c>EnvelopeSchemaTransformer</c>): <see cref="CustomerUpdateReader"/> reads the body itself, so that a missing key
/// stores NULL, unknown keys are ignored and a wrong type gets the original's refusal.
/// </summary>
public sealed class CustomerUpdateJson
{
    [JsonPropertyName("customer_reference")]
    public string? CustomerReference { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }
}
