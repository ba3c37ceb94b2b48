using System.Text.Json;
using Jarvis.Portal.Api;
using Jarvis.Portal.Infrastructure;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Jarvis.Portal.OpenApi;

/// <summary>
/// Completes each operation from its endpoint's metadata (<see cref="OpenApiMetadataExtensions"/>): an operationId
/// unique under both bases, the session cookie as its security (required, optional or none), the request body the
/// handler reads itself, answers that are one of several envelopes, the headers that matter, and the examples.
/// </summary>
public sealed class ApiOperationTransformer(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var legacy = ("/" + description.RelativePath).StartsWith(ApiPaths.LegacyBase + "/", StringComparison.Ordinal);

        if (metadata.OfType<OperationName>().LastOrDefault() is { } name)
        {
            operation.OperationId = method.ToLowerInvariant() + name.Name + (legacy ? "Legacy" : "");
        }

        var statusPath = ApiPaths.WithoutLegacyBase("/" + description.RelativePath).StartsWithSegments("/__status");
        operation.Security = SecurityOf(metadata, context.Document, statusPath);
        DescribeFaults(operation, ApiPaths.IsSessionPath("/" + description.RelativePath), context.Document);

        var hasBody = HttpMethods.IsPost(method) || HttpMethods.IsPut(method);
        if (hasBody && metadata.OfType<RequestBody>().LastOrDefault() is { } body)
        {
            var schema = await context.GetOrCreateSchemaAsync(body.Schema, cancellationToken: cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Description = body.Description,
                Required = body.Required,
                Content = body.ContentTypes.ToDictionary(t => t, t => new OpenApiMediaType
                {
                    Schema = schema,
                    Examples = Examples(metadata.OfType<RequestExample>().Where(e => e.ContentType == t).Select(e => (e.Name, e.Summary, e.Value))),
                }),
            };
        }

        foreach (var oneOf in metadata.OfType<ResponseOneOf>())
        {
            var choices = new List<IOpenApiSchema>();
            foreach (var type in oneOf.Schemas)
            {
                await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken);
                choices.Add(new OpenApiSchemaReference(type.Name, context.Document));
            }

            JsonContent(operation, oneOf.StatusCode).Schema = new OpenApiSchema { OneOf = choices };
        }

        foreach (var header in metadata.OfType<ResponseHeader>())
        {
            if (operation.Responses?.TryGetValue(Code(header.StatusCode), out var response) == true && response is OpenApiResponse concrete)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers[header.Name] = new OpenApiHeader
                {
                    Description = header.Description,
                    Required = header.Required,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }

        foreach (var group in metadata.OfType<ResponseExample>().GroupBy(e => e.StatusCode))
        {
            JsonContent(operation, group.Key).Examples = Examples(group.Select(e => (e.Name, e.Summary, e.Value)));
        }

        if (AcceptsToken(metadata, statusPath))
        {
            DescribeTokenAnswers(operation, method, statusPath, context.Document);
        }
    }

    /// <summary>
    /// What an API token adds to an operation that accepts one (API.md section 10): 401 for a refused token, 429 while the
    /// address is locked by the login throttle, and on every write 403 for a read-only token.
    /// </summary>
    private void DescribeTokenAnswers(OpenApiOperation operation, string method, bool statusPath, OpenApiDocument? document)
    {
        operation.Responses ??= [];
        var statusObject = new OpenApiSchemaReference(nameof(StatusObject), document);
        var invalid = (Name: "invalidToken", Summary: "Authorization: Bearer with an unknown, revoked or expired token, a malformed header, or a token in the query string",
            Value: (object)ApiExamples.InvalidToken);
        if (operation.Responses.TryGetValue(Code(StatusCodes.Status401Unauthorized), out var found) && found is OpenApiResponse unauthorized)
        {
            var content = JsonContent(operation, StatusCodes.Status401Unauthorized);
            content.Examples ??= new Dictionary<string, IOpenApiExample>();
            foreach (var (name, example) in Examples([invalid])!)
            {
                content.Examples[name] = example;
            }

            unauthorized.Description += " With an API token that is refused: \"Invalid or expired token.\", whatever the reason.";
        }
        else
        {
            operation.Responses[Code(StatusCodes.Status401Unauthorized)] = new OpenApiResponse
            {
                Description = "An API token that is refused (unknown, revoked, expired, its user locked or in no login group, a malformed header, or a token in the query string): \"Invalid or expired token.\".",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = statusObject, Examples = Examples([invalid]) } },
            };
        }

        var challenged = (OpenApiResponse)operation.Responses[Code(StatusCodes.Status401Unauthorized)];
        challenged.Headers ??= new Dictionary<string, IOpenApiHeader>();
        challenged.Headers["WWW-Authenticate"] = new OpenApiHeader
        {
            Description = "With a refused API token only: Bearer error=\"invalid_token\".",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };

        var throttled = Answer(
            "Too many failed logins or token checks from this address: the token was not checked. Wait as long as Retry-After says.",
            "application/json", statusObject, null);
        throttled.Content!["application/json"].Examples = Examples([("throttled", "After too many failed token checks from this address", ApiExamples.LoginThrottled)]);
        throttled.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds until a token from this address is checked again.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
        operation.Responses[Code(StatusCodes.Status429TooManyRequests)] = throttled;

        if (!statusPath && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            var readOnly = Answer("The request came with a read-only API token: \"This token may only read.\" Nothing was changed.",
                "application/json", new OpenApiSchemaReference(nameof(Refusal), document), null);
            readOnly.Content!["application/json"].Examples = Examples([("readOnlyToken", "A PUT with a read-only token of su", ApiExamples.ReadOnlyToken)]);
            operation.Responses[Code(StatusCodes.Status403Forbidden)] = readOnly;
        }
    }

    private static bool AcceptsToken(IList<object> metadata, bool statusPath) =>
        statusPath || (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any());

    /// <summary>
    /// Answers any API operation can give: 414 and 431 from <see cref="RequestSizeLimits"/> before routing; and, written by
    /// <see cref="Infrastructure.JarvisExceptionHandler"/>, 502 when the database refuses a statement (a retry will not cure
    /// it), 500 for a fault of the portal itself (a bug, never bad input).
    /// </summary>
    private static void DescribeFaults(OpenApiOperation operation, bool sessionPath, OpenApiDocument? document)
    {
        (int Status, string Description, string Message)[] faults =
        [
            (StatusCodes.Status414UriTooLong,
                "The request line (path and query) is longer than 8 KiB; refused before anything else was looked at.",
                RequestSizeLimits.RequestLineTooLong),
            (StatusCodes.Status431RequestHeaderFieldsTooLarge,
                "The request headers hold more than 32 KiB; refused before anything else was looked at.",
                RequestSizeLimits.HeadersTooLarge),
            (StatusCodes.Status500InternalServerError,
                "A fault of the portal itself (a bug, never bad input); it has been logged. Report it with the time.",
                Infrastructure.JarvisExceptionHandler.UnexpectedError),
            (StatusCodes.Status502BadGateway,
                "The database answered with an error that a retry will not cure (not an outage: that is 503); it has been logged. Report it with the time.",
                DatabaseOutage.FaultApiMessage),
        ];
        operation.Responses ??= [];
        foreach (var (status, text, message) in faults)
        {
            operation.Responses[Code(status)] = Answer(text, "application/json",
                new OpenApiSchemaReference(sessionPath ? nameof(StatusObject) : nameof(Refusal), document),
                JsonSerializer.SerializeToNode<object>(sessionPath ? StatusObject.NotLoggedIn(message) : Refusal.For(null, message)));
        }
    }

    /// <summary>
    /// The cookie or an API token where the endpoint requires a login; the cookie or nothing where it reads one (and on
    /// <c>__status</c> a token too); nothing otherwise.
    /// </summary>
    private static List<OpenApiSecurityRequirement> SecurityOf(IList<object> metadata, OpenApiDocument? document, bool statusPath)
    {
        var cookie = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SessionCookie.Name, document)] = [] };
        var token = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.ApiTokenScheme, document)] = [] };
        var requiresLogin = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        return requiresLogin ? [cookie, token]
            : metadata.OfType<OptionalSession>().Any() ? statusPath ? [new OpenApiSecurityRequirement(), cookie, token] : [new OpenApiSecurityRequirement(), cookie]
            : [];
    }

    private static OpenApiMediaType JsonContent(OpenApiOperation operation, int statusCode)
    {
        var response = (operation.Responses?.TryGetValue(Code(statusCode), out var found) == true ? found as OpenApiResponse : null)
            ?? throw new InvalidOperationException($"Operation {operation.OperationId} lists no {statusCode} answer to describe.");
        return (response.Content?.TryGetValue("application/json", out var content) == true ? content : null)
            ?? throw new InvalidOperationException($"The {statusCode} answer of {operation.OperationId} has no application/json content.");
    }

    private Dictionary<string, IOpenApiExample>? Examples(IEnumerable<(string Name, string Summary, object Value)> examples)
    {
        var result = examples.ToDictionary(
            e => e.Name,
            e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Value = JsonSerializer.SerializeToNode(e.Value, e.Value.GetType(), json.Value.SerializerOptions) });
        return result.Count == 0 ? null : result;
    }

    internal static string Code(int statusCode) => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An answer in one media type, with its schema and example.</summary>
    internal static OpenApiResponse Answer(string description, string mediaType, IOpenApiSchema schema, System.Text.Json.Nodes.JsonNode? example) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema, Example = example } },
    };
}
