using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Api;

/// <summary>The answer to a create (API.md section 9): the store envelope of a PUT, plus the new customer's id as a string.</summary>
[Description("A customer was created (success 1).")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateSuccess(
    [property: JsonPropertyName("username"), Description("The logged-in user.")] string Username,
    [property: JsonPropertyName("success"), AllowedValues(1), Description("Always 1 here; a refusal has 0.")] int Success,
    [property: JsonPropertyName("error_string"), Description("Always \"\".")] string ErrorString,
    [property: JsonPropertyName("group_list"), Description("The user's groups joined with commas.")] string GroupList,
    [property: JsonPropertyName("modified"), AllowedValues(1), Description("Always 1: the customer was created.")] int Modified,
    [property: JsonPropertyName("logged_in"), AllowedValues("1"), Description("Always the STRING \"1\" here, as in the original.")] string LoggedIn,
    [property: JsonPropertyName("id"), RegularExpression(JsonPatterns.Id)]
    [property: Description("The new customer's id: an integer written as a string.")] string Id)
{
    public static CreateSuccess For(JarvisUser user, long id) =>
        new(user.Username, 1, "", user.GroupList, 1, "1", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
