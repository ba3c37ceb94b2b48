namespace Jarvis.Portal.Api;

/// <summary>
/// Names the schema of <c>POST __login</c>'s credentials in the OpenAPI document, where
/// <c>EnvelopeSchemaTransformer</c> gives it its keys; the endpoint reads the form or JSON body itself (a value of the
/// wrong type counts as missing).
/// </summary>
public sealed class LoginJson;
