namespace Jarvis.Portal.Api;

/// <summary>The patterns of the API's JSON values, stated on the records for the OpenAPI document.</summary>
public static class JsonPatterns
{
    public const string Id = "^[1-9][0-9]*$";
    public const string Sid = "^[0-9a-f]{32}$";

    /// <summary>No control character (what <see cref="char.IsControl(char)"/> rejects in a reference).</summary>
    public const string NoControlCharacters = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
}
