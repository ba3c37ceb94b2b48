using System.Text.Json.Serialization;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Api;

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
