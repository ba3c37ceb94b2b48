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
    /// <summary>Logged in; <paramref name="sid"/> is null for an API token, which has no session (API.md section 10).</summary>
    public static StatusObject LoggedInAs(JarvisUser user, string? sid) => new(1, user.Username, "", user.GroupList, sid);

    public static StatusObject NotLoggedIn(string why) => new(0, "", why, "");

    public const string LoginRequired = "Login required.";
    public const string LoggedOut = "Logged out at client request.";
}
