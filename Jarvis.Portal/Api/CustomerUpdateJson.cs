using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Jarvis.Portal.Api;

/// <summary>
/// The body of <c>PUT /api/customer/{customer_id}</c>, for the OpenAPI document only: the controller reads the body
/// itself, so that a missing key stores NULL, unknown keys are ignored and a wrong type gets the original's refusal.
/// </summary>
public sealed class CustomerUpdateJson
{
    [JsonPropertyName("customer_reference"), Description("New reference: a string or null; missing or \"\" stores NULL.")]
    public string? CustomerReference { get; init; }

    [JsonPropertyName("description"), Description("New description: a string or null; missing or \"\" stores NULL.")]
    public string? Description { get; init; }
}
