using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Jarvis.Core.Customers;
using Jarvis.Portal.OpenApi;

namespace Jarvis.Portal.Api;

/// <summary>
/// The schema of <c>PUT /api/customer/{customer_id}</c>'s body in the OpenAPI document, never bound:
/// <see cref="CustomerUpdateReader"/> reads the body itself, so that a missing key stores NULL, unknown keys are ignored
/// and a wrong type gets the original's refusal.
/// </summary>
[Description("The new values. A missing key, null and \"\" all store NULL; other keys are ignored.")]
public sealed class CustomerUpdateJson
{
    [JsonPropertyName("customer_reference"), MaxLength(CustomerRules.ReferenceMaxLength), RegularExpression(JsonPatterns.NoControlCharacters)]
    [FormattedDescription("At most {0} characters, no control characters, not used by another customer. " +
        "Longer, or not a string or null: HTTP 200 with a refusal.", CustomerRules.ReferenceMaxLength)]
    public string? CustomerReference { get; init; }

    [JsonPropertyName("description"), MaxLength(CustomerRules.DescriptionMaxLength)]
    [FormattedDescription("At most {0} characters; tab and line breaks are the only control characters allowed. " +
        "Longer, or not a string or null: HTTP 200 with a refusal.", CustomerRules.DescriptionMaxLength)]
    public string? Description { get; init; }
}
