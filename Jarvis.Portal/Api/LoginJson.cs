using System.Text.Json.Serialization;

namespace Jarvis.Portal.Api;

/// <summary>
/// The credentials of <c>POST __login</c>, for the OpenAPI document only: the endpoint reads the form or JSON body
/// itself (a value of the wrong type counts as missing).
/// </summary>
public sealed class LoginJson
{
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("password")]
    public string? Password { get; init; }
}
