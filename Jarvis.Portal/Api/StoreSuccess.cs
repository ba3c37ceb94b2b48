using System.Text.Json.Serialization;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Api;

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
