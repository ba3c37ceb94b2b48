using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Jarvis.Portal.OpenApi;

/// <summary>
/// What the records' attributes say but the generator does not read, so that a schema is as strict as the wire: an
/// <see cref="AllowedValuesAttribute"/> is the property's <c>enum</c> and JSON type (the generator would also allow a
/// numeric string for an integer), and a key left out when null is never null. An integer carries no .NET
/// <c>format</c> nor the generator's numeric-string pattern.
/// </summary>
public sealed class StrictSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var attributes = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(inherit: false) ?? [];
        if (attributes.OfType<AllowedValuesAttribute>().LastOrDefault() is { } allowed)
        {
            schema.Enum = allowed.Values.Select(v => JsonSerializer.SerializeToNode(v)!).ToList();
            schema.Type = allowed.Values.All(v => v is int) ? JsonSchemaType.Integer : JsonSchemaType.String;
        }

        if (schema.Type?.HasFlag(JsonSchemaType.Integer) == true)
        {
            schema.Format = null;
            schema.Pattern = attributes.OfType<RegularExpressionAttribute>().LastOrDefault()?.Pattern;
        }

        if (attributes.OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull))
        {
            schema.Type &= ~JsonSchemaType.Null;
        }

        return Task.CompletedTask;
    }
}
