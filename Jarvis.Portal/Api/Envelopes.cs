using System.Text.Json.Serialization;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Api;

/// <summary>
/// The original's status object (__login, __status, __logout, 401): <c>logged_in</c> is the number 1 or 0 here.
/// </summary>
public sealed record StatusObject(
    [property: JsonPropertyName("logged_in")] int LoggedIn,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("error_string")] string ErrorString,
    [property: JsonPropertyName("group_list")] string GroupList,
    [property: JsonPropertyName("sid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sid = null)
{
    public static StatusObject LoggedInAs(JarvisUser user, string sid) => new(1, user.Username, "", user.GroupList, sid);

    public static StatusObject NotLoggedIn(string why) => new(0, "", why, "");

    public const string LoginRequired = "Login required.";
    public const string LoggedOut = "Logged out at client request.";
}

/// <summary>The answer to a successful store (PUT): <c>logged_in</c> is the STRING "1" here, as in the original.</summary>
public sealed record StoreSuccess(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("success")] int Success,
    [property: JsonPropertyName("error_string")] string ErrorString,
    [property: JsonPropertyName("group_list")] string GroupList,
    [property: JsonPropertyName("modified")] int Modified,
    [property: JsonPropertyName("logged_in")] string LoggedIn)
{
    public static StoreSuccess For(JarvisUser user, int modified) => new(user.Username, 1, "", user.GroupList, modified, "1");
}

/// <summary>A refusal of a store, and the envelope of 400/413/415/503 answers: <c>success</c> 0 and a message.</summary>
public sealed record Refusal(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("success")] int Success,
    [property: JsonPropertyName("group_list")] string GroupList,
    [property: JsonPropertyName("logged_in")] string LoggedIn,
    [property: JsonPropertyName("error_string")] string ErrorString,
    [property: JsonPropertyName("username")] string Username)
{
    public static Refusal For(JarvisUser? user, string message) =>
        new(message, 0, user?.GroupList ?? "", user is null ? "0" : "1", "", user?.Username ?? "");
}

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
