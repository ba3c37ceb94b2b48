using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Api;

/// <summary>A refusal of a store, and the envelope of 400/413/415/503 answers: <c>success</c> 0 and a message.</summary>
[Description("A refusal (success 0) with a message saying why; nothing was changed.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Refusal(
    [property: JsonPropertyName("message"), Description("Why the request was refused, in words a person can act on.")] string Message,
    [property: JsonPropertyName("success"), AllowedValues(0), Description("Always 0 here; a stored change has 1.")] int Success,
    [property: JsonPropertyName("group_list")]
    [property: Description("The user's groups joined with commas; \"\" when the request had no live session.")] string GroupList,
    [property: JsonPropertyName("logged_in"), AllowedValues("0", "1")]
    [property: Description("The STRING \"1\" with a live session, \"0\" without one.")] string LoggedIn,
    [property: JsonPropertyName("error_string"), Description("Always \"\"; the reason is in message.")] string ErrorString,
    [property: JsonPropertyName("username"), Description("The logged-in user; \"\" when the request had no live session.")] string Username)
{
    public static Refusal For(JarvisUser? user, string message) =>
        new(message, 0, user?.GroupList ?? "", user is null ? "0" : "1", "", user?.Username ?? "");
}
