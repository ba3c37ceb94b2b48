using System.Globalization;
using System.Text.Json;
using Jarvis.Core.Customers;

namespace Jarvis.Portal.Api;

/// <summary>
/// Reads the body of <c>POST /api/customer</c> (API.md section 9) as <see cref="CustomerUpdateReader"/> reads a PUT's:
/// a JSON object with <c>name</c>, and optionally <c>customer_reference</c>, <c>description</c> and <c>parent_id</c>
/// (a customer id as a string or a number, or null). A value of the wrong type is a 200 refusal, as the original's.
/// </summary>
public static class CustomerCreateReader
{
    public const string EmptyBody = "The request body is empty: send a JSON object with name, and optionally customer_reference, description and parent_id.";
    public const string MalformedBody = "The request body is not valid JSON: send a JSON object with name, and optionally customer_reference, description and parent_id.";
    public const string NotAnObject = "The request body must be a JSON object with name, and optionally customer_reference, description and parent_id.";
    public const string NameMustBeString = "name must be a string";

    private static readonly CustomerUpdateReader.BodyShape<NewCustomer> Create = new(EmptyBody, MalformedBody, NotAnObject, ReadNew);

    public static Task<CustomerUpdateReader.Read<NewCustomer>> ReadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        CustomerUpdateReader.ReadAsync(request, Create, cancellationToken);

    private static CustomerUpdateReader.Read<NewCustomer> ReadNew(JsonElement body)
    {
        if (body.TryGetProperty(CustomerRules.Name.Key, out var name) && name.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return Refuse(NameMustBeString);
        }

        if (CustomerUpdateReader.NotStringOrNull(body, CustomerRules.UpdatedFields) is { } refusal)
        {
            return Refuse(refusal);
        }

        if (!TryReadParent(body, out var parentId))
        {
            return Refuse(CustomerRules.ParentNotAnId);
        }

        return new(StatusCodes.Status200OK, null, new NewCustomer(
            CustomerUpdateReader.StringOf(body, CustomerRules.Name.Key),
            CustomerUpdateReader.StringOf(body, CustomerRules.Reference.Key),
            CustomerUpdateReader.StringOf(body, CustomerRules.Description.Key),
            parentId));
    }

    /// <summary>Absent or null: no parent. A string of digits or a whole JSON number: a positive id that fits 64 bits.</summary>
    private static bool TryReadParent(JsonElement body, out long? parentId)
    {
        parentId = null;
        if (!body.TryGetProperty(CustomerRules.ParentKey, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetRawText()[1..^1],
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (!CustomerApi.TryParseId(text, out var id))
        {
            return false;
        }

        parentId = id;
        return true;
    }

    private static CustomerUpdateReader.Read<NewCustomer> Refuse(string message) => new(StatusCodes.Status200OK, message, null);
}
