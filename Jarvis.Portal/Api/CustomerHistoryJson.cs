using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using Jarvis.Core.Customers;

namespace Jarvis.Portal.Api;

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
