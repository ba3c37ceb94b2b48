namespace Jarvis.Portal.OpenApi;

/// <summary>The stem of an endpoint's operationIds: <c>{method}{Name}</c>, with <c>Legacy</c> appended under the legacy base.</summary>
public sealed record OperationName(string Name);

/// <summary>A named example of the JSON answer for <see cref="StatusCode"/>, taken from the demo data.</summary>
public sealed record ResponseExample(int StatusCode, string Name, string Summary, object Value);

/// <summary>A named example of the request body in <see cref="ContentType"/>.</summary>
public sealed record RequestExample(string ContentType, string Name, string Summary, object Value);

/// <summary>A response header that a script may act on, sent with <see cref="StatusCode"/> answers.</summary>
public sealed record ResponseHeader(int StatusCode, string Name, string Description, bool Required = false);

/// <summary>The body of POST and PUT requests, read by the handler itself rather than bound, in each content type.</summary>
public sealed record RequestBody(Type Schema, string Description, bool Required, params string[] ContentTypes);

/// <summary>An answer that is one of several envelopes, told apart by their keys' values (<c>success</c> 1 or 0).</summary>
public sealed record ResponseOneOf(int StatusCode, params Type[] Schemas);

/// <summary>The endpoint reads the session cookie when one is sent, but answers without one too.</summary>
public sealed record OptionalSession;

/// <summary>Endpoint conventions that feed <see cref="ApiOperationTransformer"/>.</summary>
public static class OpenApiMetadataExtensions
{
    /// <summary>Like <c>Produces&lt;T&gt;</c>, with a description of when the answer comes.</summary>
    public static TBuilder Answers<TBuilder>(this TBuilder builder, int statusCode, Type type, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Microsoft.AspNetCore.Mvc.ProducesResponseTypeAttribute(type, statusCode) { Description = description });

    public static TBuilder WithOperationName<TBuilder>(this TBuilder builder, string name)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new OperationName(name));

    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int statusCode, string name, string summary, object value)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ResponseExample(statusCode, name, summary, value));

    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, string contentType, string name, string summary, object value)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequestExample(contentType, name, summary, value));

    public static TBuilder WithResponseHeader<TBuilder>(this TBuilder builder, int statusCode, string name, string description, bool required = false)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ResponseHeader(statusCode, name, description, required));
}
