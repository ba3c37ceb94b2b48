using System.Globalization;
using System.Text;

namespace Jarvis.Portal.Security;

/// <summary>
/// Where a login may send the browser back to (API.md section 6): only a path on this site. It starts with exactly one
/// <c>/</c>, the next character is not <c>/</c> or <c>\</c>, and it holds no control, whitespace or format character
/// (tab, CR, LF, U+200B ...), raw or percent-encoded. Anything else goes to <see cref="Home"/>.
/// </summary>
public static class ReturnUrl
{
    public const string Home = "/customers";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The URL if it is local, with any non-ASCII character percent-encoded (a header holds ASCII only); else <see cref="Home"/>.</summary>
    public static string LocalOrHome(string? url) => IsLocal(url) ? AsciiOnly(url!) : Home;

    public static bool IsLocal(string? url)
    {
        if (!IsLocalPath(url) || !IsWellFormedUtf16(url!))
        {
            return false;
        }

        // Percent-decode until nothing changes (a few rounds at most), so %2509 is judged as a tab too.
        var decoded = url!;
        for (var round = 0; round < 4; round++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

            if (!IsLocalPath(next))
            {
                return false;
            }

            decoded = next;
        }

        return true;
    }

    private static string AsciiOnly(string url) =>
        string.Concat(url.EnumerateRunes().Select(r => r.IsAscii ? r.ToString() : Uri.EscapeDataString(r.ToString())));

    private static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Any(IsForbidden);

    private static bool IsWellFormedUtf16(string url)
    {
        try
        {
            StrictUtf8.GetByteCount(url);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsForbidden(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
