namespace Jarvis.Portal.Api;

/// <summary>
/// Names the schema of <c>POST /api/customer</c>'s body in the OpenAPI document, where <c>EnvelopeSchemaTransformer</c>
/// gives it its keys: <see cref="CustomerCreateReader"/> reads the body itself.
/// </summary>
public sealed class CustomerCreateJson;
