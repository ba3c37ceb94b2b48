using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Jarvis.Portal.Api;

/// <summary>
/// Describes the PUT body, which the controller reads itself (so that the original's lenient rules apply) and which
/// the document would otherwise not show.
/// </summary>
internal sealed class CustomerOpenApi : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var action = context.Description;
        if (!string.Equals(action.HttpMethod, HttpMethods.Put, StringComparison.OrdinalIgnoreCase)
            || action.ActionDescriptor is not ControllerActionDescriptor { ControllerTypeInfo: var type } || type != typeof(CustomerController))
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(typeof(CustomerUpdateJson), cancellationToken: cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "At most 64 KiB, Content-Type application/json (a charset parameter is fine).",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    }
}
