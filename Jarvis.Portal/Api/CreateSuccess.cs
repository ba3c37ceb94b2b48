using System.Text.Json.Serialization;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Api;

/// <summary>The answer to a create (API.md section 9): the store envelope of a PUT, plus the new customer's id as a string.</summary>
public sealed record CreateSuccess(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("success")] int Success,
    [property: JsonPropertyName("error_string")] string ErrorString,
    [property: JsonPropertyName("group_list")] string GroupList,
    [property: JsonPropertyName("modified")] int Modified,
    [property: JsonPropertyName("logged_in")] string LoggedIn,
    [property: JsonPropertyName("id")] string Id)
{
    public static CreateSuccess For(JarvisUser user, long id) =>
        new(user.Username, 1, "", user.GroupList, 1, "1", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
