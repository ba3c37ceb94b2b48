namespace Jarvis.Portal.OpenApi;

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
