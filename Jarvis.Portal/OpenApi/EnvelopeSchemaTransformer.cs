using System.Text.Json.Nodes;
using Jarvis.Core.Customers;
using Jarvis.Portal.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Jarvis.Portal.OpenApi;

/// <summary>
/// Makes the schemas of the API's JSON as strict as the wire: the integers 0 and 1 where the wire carries them (the
/// generator would also allow numeric strings), the string "1" of the store envelopes, <c>sid</c> absent rather than
/// null, patterns for ids, <c>maxLength</c> for the fields, and no keys beyond the listed ones in an answer.
/// </summary>
public sealed class EnvelopeSchemaTransformer : IOpenApiSchemaTransformer
{
    public const string IdPattern = "^[1-9][0-9]*$";
    public const string SidPattern = "^[0-9a-f]{32}$";

    /// <summary>No control character (what <see cref="char.IsControl(char)"/> rejects in a reference).</summary>
    public const string NoControlCharacters = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(StatusObject))
        {
            Describe(schema, "The original's status object: __login, __status, __logout and every 401.", closed: true,
                ("logged_in", Integer("1 when the session is live, 0 when not (the integer, not a string).", 0, 1)),
                ("username", Text("The logged-in user; \"\" when not logged in.")),
                ("error_string", Text("\"\" when logged in; otherwise why not, e.g. \"Login required.\" or \"Invalid username or password.\".")),
                ("group_list", Text("The user's groups joined with commas; \"\" when not logged in.")),
                ("sid", Text("The session id (also the N2FE_CGISESSID cookie); only present when logged in.", SidPattern)));
            schema.Required = new HashSet<string> { "logged_in", "username", "error_string", "group_list" };
        }
        else if (type == typeof(StoreSuccess))
        {
            Describe(schema, "A change was stored (success 1).", closed: true,
                ("username", Text("The logged-in user.")),
                ("success", Integer("Always 1 here; a refusal has 0.", 1)),
                ("error_string", Text("Always \"\".")),
                ("group_list", Text("The user's groups joined with commas.")),
                ("modified", Integer("1 when the customer was changed; 0 when no customer has that id (a user who sees every customer).", 0, 1)),
                ("logged_in", Text("Always the STRING \"1\" here, as in the original.", values: "1")));
        }
        else if (type == typeof(CreateSuccess))
        {
            Describe(schema, "A customer was created (success 1).", closed: true,
                ("username", Text("The logged-in user.")),
                ("success", Integer("Always 1 here; a refusal has 0.", 1)),
                ("error_string", Text("Always \"\".")),
                ("group_list", Text("The user's groups joined with commas.")),
                ("modified", Integer("Always 1: the customer was created.", 1)),
                ("logged_in", Text("Always the STRING \"1\" here, as in the original.", values: "1")),
                ("id", Text("The new customer's id: an integer written as a string.", IdPattern)));
        }
        else if (type == typeof(Refusal))
        {
            Describe(schema, "A refusal (success 0) with a message saying why; nothing was changed.", closed: true,
                ("message", Text("Why the request was refused, in words a person can act on.")),
                ("success", Integer("Always 0 here; a stored change has 1.", 0)),
                ("group_list", Text("The user's groups joined with commas; \"\" when the request had no live session.")),
                ("logged_in", Text("The STRING \"1\" with a live session, \"0\" without one.", values: ["0", "1"])),
                ("error_string", Text("Always \"\"; the reason is in message.")),
                ("username", Text("The logged-in user; \"\" when the request had no live session.")));
        }
        else if (type == typeof(CustomerSummaryJson))
        {
            Describe(schema, "One customer of a search.", closed: true,
                ("id", Text("The customer's id: an integer written as a string.", IdPattern)),
                ("name", Text("The customer's name (unique).")),
                ("customer_sns", Text("The service numbers in ascending order joined by \", \"; \"\" when it has none.")));
        }
        else if (type == typeof(CustomerJson))
        {
            Describe(schema, "One customer: every key present, NULL as null.", closed: true,
                ("id", Text("The customer's id: an integer written as a string.", IdPattern)),
                ("name", Text("The customer's name (unique).")),
                ("customer_reference", Text("External system reference, unique; null when none.", maxLength: CustomerRules.ReferenceMaxLength, nullable: true)),
                ("description", Text("General description; null when none.", maxLength: CustomerRules.DescriptionMaxLength, nullable: true)));
        }
        else if (type == typeof(CustomerUpdateJson))
        {
            Describe(schema, "The new values. A missing key, null and \"\" all store NULL; other keys are ignored.", closed: false,
                ("customer_reference", Text(
                    $"At most {CustomerRules.ReferenceMaxLength} characters, no control characters, not used by another customer. " +
                    "Longer, or not a string or null: HTTP 200 with a refusal.",
                    NoControlCharacters, CustomerRules.ReferenceMaxLength, nullable: true)),
                ("description", Text(
                    $"At most {CustomerRules.DescriptionMaxLength} characters; tab and line breaks are the only control characters allowed. " +
                    "Longer, or not a string or null: HTTP 200 with a refusal.",
                    maxLength: CustomerRules.DescriptionMaxLength, nullable: true)));
        }
        else if (type == typeof(CustomerCreateJson))
        {
            Describe(schema, "The new customer. name is required; a missing key, null and \"\" store NULL for the others; other keys are ignored.", closed: false,
                ("name", Text(
                    $"Required. Surrounding white space is trimmed; then at most {CustomerRules.NameMaxLength} characters, no control " +
                    "characters, not used by any customer whatever the case. Otherwise: HTTP 200 with a refusal.",
                    maxLength: CustomerRules.NameMaxLength)),
                ("customer_reference", Text(
                    $"As for PUT: at most {CustomerRules.ReferenceMaxLength} characters, no control characters, not used by another customer.",
                    NoControlCharacters, CustomerRules.ReferenceMaxLength, nullable: true)),
                ("description", Text(
                    $"As for PUT: at most {CustomerRules.DescriptionMaxLength} characters; tab and line breaks are the only control characters allowed.",
                    maxLength: CustomerRules.DescriptionMaxLength, nullable: true)),
                ("parent_id", new OpenApiSchema
                {
                    Type = JsonSchemaType.String | JsonSchemaType.Integer | JsonSchemaType.Null,
                    Description = "The parent customer's id, as a string of digits or a number; null or absent: at the top (a user who sees " +
                        "every customer) or below the user's own customer (an ACS user). A customer the user may not change, or none: a refusal.",
                }));
        }
        else if (type == typeof(LoginJson))
        {
            Describe(schema, "The credentials; a missing one (or one that is not a string) is an invalid login, HTTP 200 with logged_in 0.", closed: false,
                ("username", Text("The user name.")),
                ("password", Text("The password (never logged).")));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Replaces the generated properties with <paramref name="properties"/>. An answer (<paramref name="closed"/>) has
    /// exactly these keys, all present; a request body may leave any out and add others, which are ignored.
    /// </summary>
    private static void Describe(OpenApiSchema schema, string description, bool closed, params (string Name, OpenApiSchema Schema)[] properties)
    {
        schema.Description = description;
        schema.Properties = properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)p.Schema);
        schema.Required = closed ? properties.Select(p => p.Name).ToHashSet() : null;
        schema.AdditionalPropertiesAllowed = !closed;
    }

    private static OpenApiSchema Integer(string description, params int[] values) => new()
    {
        Type = JsonSchemaType.Integer,
        Description = description,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
    };

    private static OpenApiSchema Text(string description, string? pattern = null, int? maxLength = null, bool nullable = false, params string[] values) => new()
    {
        Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String,
        Description = description,
        Pattern = pattern,
        MaxLength = maxLength,
        Enum = values.Length == 0 ? null : values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
    };
}
