namespace Jarvis.Portal.Api;

/// <summary>
/// Names the schema of <c>PUT /api/customer/{customer_id}</c>'s body in the OpenAPI document, where
/// <c>EnvelopeSchemaTransformer</c> gives it its keys: <see cref="CustomerUpdateReader"/> reads the body itself, so
/// that a missing key stores NULL, unknown keys are ignored and a wrong type gets the original's refusal.
/// </summary>
public sealed class CustomerUpdateJson;
