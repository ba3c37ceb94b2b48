using System.Globalization;
using System.Text.Json.Serialization;
using Jarvis.Core.Customers;

namespace Jarvis.Portal.Api;

/// <summary>One row of <c>GET /api/customer</c>: <c>id</c> is the integer id written as a JSON string, as the original returns it.</summary>
public sealed record CustomerSummaryJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("customer_sns")] string CustomerSns)
{
    public static CustomerSummaryJson From(CustomerSummary c) =>
        new(c.Id.ToString(CultureInfo.InvariantCulture), c.Name, c.ServiceNumbers);
}
