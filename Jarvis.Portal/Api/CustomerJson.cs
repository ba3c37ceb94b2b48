using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using Jarvis.Core.Customers;

namespace Jarvis.Portal.Api;

/// <summary>The answer of <c>GET /api/customer/{customer_id}</c>: every key present, NULL as <c>null</c>.</summary>
public sealed record CustomerJson(
    [property: JsonPropertyName("id"), Description("The customer's id, an integer written as a string.")] string Id,
    [property: JsonPropertyName("name"), Description("The unique name of the customer.")] string Name,
    [property: JsonPropertyName("customer_reference"), Description("External system reference (at most 50 characters, unique), or null.")] string? CustomerReference,
    [property: JsonPropertyName("description"), Description("General description (at most 255 characters), or null.")] string? Description)
{
    public static CustomerJson From(CustomerDetails c) =>
        new(c.Id.ToString(CultureInfo.InvariantCulture), c.Name, c.Reference, c.Description);
}
