using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Jarvis.Core.Customers;
using Jarvis.Portal.OpenApi;

namespace Jarvis.Portal.Api;

/// <summary>
/// The schema of <c>POST /api/customer</c>'s body in the OpenAPI document, never bound: <see cref="CustomerCreateReader"/>
/// reads the body itself.
/// </summary>
[Description("The new customer. name is required; a missing key, null and \"\" store NULL for the others; other keys are ignored.")]
public sealed class CustomerCreateJson
{
    [JsonPropertyName("name"), MaxLength(CustomerRules.NameMaxLength)]
    [FormattedDescription("Required. Surrounding white space is trimmed; then at most {0} characters, no control characters, " +
        "not used by any customer whatever the case. Otherwise: HTTP 200 with a refusal.", CustomerRules.NameMaxLength)]
    public string Name { get; init; } = "";

    [JsonPropertyName("customer_reference"), MaxLength(CustomerRules.ReferenceMaxLength), RegularExpression(JsonPatterns.NoControlCharacters)]
    [FormattedDescription("As for PUT: at most {0} characters, no control characters, not used by another customer.", CustomerRules.ReferenceMaxLength)]
    public string? CustomerReference { get; init; }

    [JsonPropertyName("description"), MaxLength(CustomerRules.DescriptionMaxLength)]
    [FormattedDescription("As for PUT: at most {0} characters; tab and line breaks are the only control characters allowed.", CustomerRules.DescriptionMaxLength)]
    public string? Description { get; init; }

    [JsonPropertyName(CustomerRules.ParentKey)]
    [Description("The parent customer's id, as a string of digits or a number; null or absent: at the top (a user who sees " +
        "every customer) or below the user's own customer (an ACS user). A customer the user may not change, or none: a refusal.")]
    public long? ParentId { get; init; }
}
