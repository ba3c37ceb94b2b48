using System.Text;

namespace Jarvis.Core.Data;

/// <summary>
/// How a search term compares with a customer's name and service numbers (API.md section 4), in one place for the
/// SQL parameters and the portal's highlighting alike.
/// </summary>
public static class TextFolding
{
    /// <summary>
    /// Case folding: NFC, then invariant upper case, so "ÑANDÚ", "ñandú" and "Ñandú" fold alike. Upper-casing works
    /// per UTF-16 unit, so the folded text has the same length as the NFC text and indexes into it stay aligned.
    /// </summary>
    public static string Fold(string text) => text.Normalize(NormalizationForm.FormC).ToUpperInvariant();

    /// <summary>
    /// The term as a search tests it against service numbers (API.md section 4), or null when it can match none: with
    /// separators dropped, a term without a digit cannot be a substring of a service number, which is digits
    /// (docs/SCHEMA.md), so the numbers are not read for it at all.
    /// </summary>
    public static string? ServiceNumberPart(string term) =>
        ServiceNumberTerm(term) is var part && part.Any(char.IsAsciiDigit) ? part : null;

    /// <summary>A term as it may match a service number: spaces, dashes, dots and brackets dropped.</summary>
    public static string ServiceNumberTerm(string term) =>
        string.Concat(term.Where(ch => !char.IsWhiteSpace(ch) && ch is not ('-' or '.' or '(' or ')' or '[' or ']')));
}
