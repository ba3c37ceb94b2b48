using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Jarvis.Portal.Api;

/// <summary>
/// The schema of <c>POST __login</c>'s credentials in the OpenAPI document, never bound: the endpoint reads the form or
/// JSON body itself (a value of the wrong type counts as missing).
/// </summary>
[Description("The credentials; a missing one (or one that is not a string) is an invalid login, HTTP 200 with logged_in 0.")]
public sealed class LoginJson
{
    [JsonPropertyName("username"), Description("The user name.")]
    public string Username { get; init; } = "";

    [JsonPropertyName("password"), Description("The password (never logged).")]
    public string Password { get; init; } = "";
}
