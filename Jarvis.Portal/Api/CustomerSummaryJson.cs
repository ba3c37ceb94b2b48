using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using Jarvis.Core.Customers;

namespace Jarvis.Portal.Api;

/// <summary>One row of <c>GET /api/customer</c>: <c>id</c> is the integer id written as a JSON string, as the original returns it.</summary>
[Description("One customer of a search.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CustomerSummaryJson(
    [property: JsonPropertyName("id"), RegularExpression(JsonPatterns.Id), Description("The customer's id: an integer written as a string.")] string Id,
    [property: JsonPropertyName("name"), Description("The customer's name (unique).")] string Name,
    [property: JsonPropertyName("customer_sns")]
    [property: Description("The service numbers in ascending order joined by \", \"; \"\" when it has none.")] string CustomerSns)
{
    public static CustomerSummaryJson From(CustomerSummary c) =>
        new(c.Id.ToString(CultureInfo.InvariantCulture), c.Name, c.ServiceNumbers);
}
