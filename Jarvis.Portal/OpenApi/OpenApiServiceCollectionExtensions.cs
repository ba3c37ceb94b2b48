namespace Jarvis.Portal.OpenApi;

public static class OpenApiServiceCollectionExtensions
{
    /// <summary>The document at <c>/openapi/v1.json</c>, completed by the API's own transformers.</summary>
    public static IServiceCollection AddJarvisOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddOperationTransformer<ApiOperationTransformer>();
            options.AddSchemaTransformer<EnvelopeSchemaTransformer>();
        });
}
