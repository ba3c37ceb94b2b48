using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Api;

/// <summary>
/// The original's status object (__login, __status, __logout, 401): <c>logged_in</c> is the number 1 or 0 here.
/// </summary>
[Description("The original's status object: __login, __status, __logout and every 401.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StatusObject(
    [property: JsonPropertyName("logged_in"), AllowedValues(0, 1)]
    [property: Description("1 when the session is live, 0 when not (the integer, not a string).")] int LoggedIn,
    [property: JsonPropertyName("username"), Description("The logged-in user; \"\" when not logged in.")] string Username,
    [property: JsonPropertyName("error_string")]
    [property: Description("\"\" when logged in; otherwise why not, e.g. \"Login required.\" or \"Invalid username or password.\".")] string ErrorString,
    [property: JsonPropertyName("group_list"), Description("The user's groups joined with commas; \"\" when not logged in.")] string GroupList,
    [property: JsonPropertyName("sid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), RegularExpression(JsonPatterns.Sid)]
    [property: Description("The session id (also the N2FE_CGISESSID cookie); only present when logged in.")] string? Sid = null)
{
    /// <summary>Logged in; <paramref name="sid"/> is null for an API token, which has no session (API.md section 10).</summary>
    public static StatusObject LoggedInAs(JarvisUser user, string? sid) => new(1, user.Username, "", user.GroupList, sid);

    public static StatusObject NotLoggedIn(string why) => new(0, "", why, "");

    public const string LoginRequired = "Login required.";
    public const string LoggedOut = "Logged out at client request.";
}
