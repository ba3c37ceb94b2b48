using System.Globalization;
using System.Text.Json.Serialization;
using Jarvis.Core.Customers;

namespace Jarvis.Portal.Api;

/// <summary>The answer of <c>GET /api/customer/{customer_id}</c>: every key present, NULL as <c>null</c>.</summary>
public sealed record CustomerJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("customer_reference")] string? CustomerReference,
    [property: JsonPropertyName("description")] string? Description)
{
    public static CustomerJson From(CustomerDetails c) =>
        new(c.Id.ToString(CultureInfo.InvariantCulture), c.Name, c.Reference, c.Description);
}
