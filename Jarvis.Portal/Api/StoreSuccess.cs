using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Api;

/// <summary>The answer to a successful store (PUT): <c>logged_in</c> is the STRING "1" here, as in the original.</summary>
[Description("A change was stored (success 1).")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StoreSuccess(
    [property: JsonPropertyName("username"), Description("The logged-in user.")] string Username,
    [property: JsonPropertyName("success"), AllowedValues(1), Description("Always 1 here; a refusal has 0.")] int Success,
    [property: JsonPropertyName("error_string"), Description("Always \"\".")] string ErrorString,
    [property: JsonPropertyName("group_list"), Description("The user's groups joined with commas.")] string GroupList,
    [property: JsonPropertyName("modified"), AllowedValues(0, 1)]
    [property: Description("1 when the customer was changed; 0 when no customer has that id (a user who sees every customer).")] int Modified,
    [property: JsonPropertyName("logged_in"), AllowedValues("1"), Description("Always the STRING \"1\" here, as in the original.")] string LoggedIn)
{
    public static StoreSuccess For(JarvisUser user, int modified) => new(user.Username, 1, "", user.GroupList, modified, "1");
}
