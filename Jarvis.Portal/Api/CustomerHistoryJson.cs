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
    /// <summary>Present only on a change made with an API token: a session's entry keeps the original's keys exactly.</summary>
    [JsonPropertyName("token"), Description("The name of the API token the change was made with; absent for a change made in a session.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; }

    public static CustomerHistoryJson From(CustomerHistoryEntry e) =>
        new(e.ChangedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), e.Username,
            CustomerHistoryNames.Of(e.Field), e.Old, e.New, CustomerHistoryNames.Of(e.Via)) { Token = e.TokenName };
}
