using System.Text;
using System.Text.Json;
using Jarvis.Core.Customers;
using Microsoft.Net.Http.Headers;

namespace Jarvis.Portal.Api;

/// <summary>
/// Reads the body of <c>PUT /api/customer/{customer_id}</c> by the rules of API.md section 4: Content-Type
/// application/json (415), at most 64 KiB (413), a JSON object (400), each field a string or null (a 200 refusal).
/// <c>POST /api/customer</c> reads its body the same way (<see cref="CustomerCreateReader"/>).
/// </summary>
public static class CustomerUpdateReader
{
    /// <summary>The largest PUT body we read; a larger one gets 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const string UnsupportedContentType = "Content-Type must be application/json.";
    public const string BodyTooLarge = "The request body is larger than 64 KiB.";
    public const string EmptyBody = "The request body is empty: send a JSON object with customer_reference and description.";
    public const string MalformedBody = "The request body is not valid JSON: send a JSON object with customer_reference and description.";
    public const string NotAnObject = "The request body must be a JSON object with customer_reference and description.";

    public static string MustBeString(string field) => $"{field} must be a string or null";

    private static readonly BodyShape<CustomerChange> Update = new(EmptyBody, MalformedBody, NotAnObject, ReadChange);

    /// <summary>The change the request asks for, or (with <see cref="Read{T}.Value"/> null) the status and message to refuse it with.</summary>
    public static Task<Read<CustomerChange>> ReadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadAsync(request, Update, cancellationToken);

    /// <summary>The value <paramref name="shape"/> reads from the request's JSON object, or the status and message to refuse it with.</summary>
    public static async Task<Read<T>> ReadAsync<T>(HttpRequest request, BodyShape<T> shape, CancellationToken cancellationToken)
        where T : class =>
        TryGetJsonEncoding(request.ContentType, out var encoding)
            ? await ReadJsonAsync(request, encoding, shape, cancellationToken)
            : new(StatusCodes.Status415UnsupportedMediaType, UnsupportedContentType, null);

    /// <summary><c>application/json</c>, with no charset or one .NET can decode; anything else is refused (415).</summary>
    private static bool TryGetJsonEncoding(string? contentType, out Encoding? encoding)
    {
        encoding = null;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var charset = mediaType.Charset.Value?.Trim('"');
        if (string.IsNullOrEmpty(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            encoding = Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<Read<T>> ReadJsonAsync<T>(HttpRequest request, Encoding? encoding, BodyShape<T> shape, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return new(StatusCodes.Status413PayloadTooLarge, BodyTooLarge, null);
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length
               && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBodyBytes)
        {
            return new(StatusCodes.Status413PayloadTooLarge, BodyTooLarge, null);
        }

        ReadOnlyMemory<byte> utf8 = buffer.AsMemory(0, length);
        if (encoding is not null)
        {
            utf8 = Encoding.UTF8.GetBytes(encoding.GetString(utf8.Span));
        }

        if (utf8.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            return new(StatusCodes.Status400BadRequest, shape.Malformed, null);
        }

        if (utf8.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new(StatusCodes.Status400BadRequest, shape.Empty, null);
        }

        try
        {
            using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowDuplicateProperties = false });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? shape.Map(document.RootElement)
                : new(StatusCodes.Status400BadRequest, shape.NotAnObject, null);
        }
        catch (JsonException)
        {
            return new(StatusCodes.Status400BadRequest, shape.Malformed, null);
        }
    }

    /// <summary>The change the body asks for; a missing key or null stores NULL, a value of another type is refused (200, as the original).</summary>
    private static Read<CustomerChange> ReadChange(JsonElement body) =>
        NotStringOrNull(body, CustomerRules.UpdatedFields) is { } refusal
            ? new(StatusCodes.Status200OK, refusal, null)
            : new(StatusCodes.Status200OK, null, new CustomerChange(
                StringOf(body, CustomerRules.Reference.Key), StringOf(body, CustomerRules.Description.Key)));

    /// <summary>The refusal of the first of <paramref name="fields"/> whose value is neither a string nor null, or null.</summary>
    internal static string? NotStringOrNull(JsonElement body, IEnumerable<CustomerTextField> fields) =>
        fields.FirstOrDefault(f => body.TryGetProperty(f.Key, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            ?.MustBeString;

    internal static string? StringOf(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A body's refusal messages and how its object is read.</summary>
    public sealed record BodyShape<T>(string Empty, string Malformed, string NotAnObject, Func<JsonElement, Read<T>> Map) where T : class;

    public readonly record struct Read<T>(int Status, string? Message, T? Value) where T : class;
}
