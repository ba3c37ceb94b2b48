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

/// <summary>One entry of <c>GET /api/customer/{customer_id}/history</c>: one changed field of one change.</summary>
public sealed record CustomerHistoryJson(
    [property: JsonPropertyName("changed_at"), Description("When, in UTC: yyyy-MM-ddTHH:mm:ssZ.")] string ChangedAt,
    [property: JsonPropertyName("username"), Description("Who made the change.")] string Username,
    [property: JsonPropertyName("field"), Description("customer_reference or description.")] string Field,
    [property: JsonPropertyName("old"), Description("The value before, or null.")] string? Old,
    [property: JsonPropertyName("new"), Description("The value after, or null.")] string? New,
    [property: JsonPropertyName("via"), Description("api or portal.")] string Via)
{
    public static CustomerHistoryJson From(CustomerHistoryEntry e) =>
        new(e.ChangedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), e.Username,
            CustomerHistoryNames.Of(e.Field), e.Old, e.New, CustomerHistoryNames.Of(e.Via));
}
