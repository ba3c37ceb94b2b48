using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using Jarvis.Core.Customers;

namespace Jarvis.Portal.Api;

/// <summary>The answer of <c>GET /api/customer/{customer_id}</c>: every key present, NULL as <c>null</c>.</summary>
[Description("One customer: every key present, NULL as null.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CustomerJson(
    [property: JsonPropertyName("id"), RegularExpression(JsonPatterns.Id), Description("The customer's id: an integer written as a string.")] string Id,
    [property: JsonPropertyName("name"), Description("The customer's name (unique).")] string Name,
    [property: JsonPropertyName("customer_reference"), MaxLength(CustomerRules.ReferenceMaxLength)]
    [property: Description("External system reference, unique; null when none.")] string? CustomerReference,
    [property: JsonPropertyName("description"), MaxLength(CustomerRules.DescriptionMaxLength)]
    [property: Description("General description; null when none.")] string? Description)
{
    public static CustomerJson From(CustomerDetails c) =>
        new(c.Id.ToString(CultureInfo.InvariantCulture), c.Name, c.Reference, c.Description);
}
