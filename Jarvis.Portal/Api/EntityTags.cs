using Microsoft.Extensions.Primitives;

namespace Jarvis.Portal.Api;

/// <summary>
/// The customer's version as an HTTP entity tag (API.md section 7), and the two preconditions the API honours.
/// Only strong tags are ours; <c>If-Match</c> is strict (RFC 9110 strong comparison, one tag), <c>If-None-Match</c>
/// is lenient (weak comparison, a list, <c>*</c>).
/// </summary>
public static class EntityTags
{
    public static string Format(string version) => $"\"{version}\"";

    /// <summary>
    /// The version a PUT's <c>If-Match</c> asks for: null when the header is absent or exactly <c>*</c> (the PUT is
    /// unconditional); the tag's content when it is exactly one strong tag; otherwise "" (a weak tag, a list,
    /// anything malformed), which matches no version, so the PUT is refused with 412 and changes nothing.
    /// </summary>
    public static string? ExpectedVersion(StringValues ifMatch)
    {
        if (ifMatch.Count == 0)
        {
            return null;
        }

        var value = ifMatch.Count == 1 ? ifMatch[0]?.Trim() : null;
        if (value == "*")
        {
            return null;
        }

        return value is ['"', .. var inner, '"'] && inner.Length > 0 && !inner.Contains('"') && !inner.Contains(',') ? inner : "";
    }

    /// <summary>True when <c>If-None-Match</c> names the current version (weak or strong) or is <c>*</c>: the client's copy is current.</summary>
    public static bool NoneMatchIsCurrent(StringValues ifNoneMatch, string version)
    {
        var current = Format(version);
        foreach (var field in ifNoneMatch)
        {
            foreach (var part in (field ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (tag == "*" || string.Equals(tag, current, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
