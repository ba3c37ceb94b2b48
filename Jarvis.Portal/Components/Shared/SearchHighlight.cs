using System.Text;
using Jarvis.Core.Data;

namespace Jarvis.Portal.Components.Shared;

/// <summary>A piece of displayed text, marked when it is part of what the search term matched.</summary>
public readonly record struct TextPart(string Text, bool Matched);

/// <summary>
/// Finds what a search term matched, the way <c>CustomerService</c> matches: both use <see cref="TextFolding"/>.
/// </summary>
public static class SearchHighlight
{
    /// <summary>The name split into parts, every case-insensitive occurrence of the trimmed term marked.</summary>
    public static IReadOnlyList<TextPart> InName(string name, string? term)
    {
        var display = name.Normalize(NormalizationForm.FormC);
        return Split(display, TextFolding.Fold(display), TextFolding.Fold(term?.Trim() ?? ""));
    }

    /// <summary>
    /// Service numbers joined by ", " split into parts, the digits the term matched marked. A term holds no white space,
    /// so no match spans the separator.
    /// </summary>
    public static IReadOnlyList<TextPart> InServiceNumbers(string serviceNumbers, string? term)
    {
        var digits = TextFolding.ServiceNumberTerm(term ?? "");
        return serviceNumbers.Length == 0
            ? [new TextPart(serviceNumbers, false)]
            : Split(serviceNumbers, TextFolding.Fold(serviceNumbers), TextFolding.Fold(digits));
    }

    private static List<TextPart> Split(string display, string folded, string foldedTerm)
    {
        if (foldedTerm.Length == 0 || folded.Length != display.Length)
        {
            return [new TextPart(display, false)];
        }

        var parts = new List<TextPart>();
        var start = 0;
        while (start < display.Length)
        {
            var at = folded.IndexOf(foldedTerm, start, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            Add(parts, display[start..at], false);
            Add(parts, display.Substring(at, foldedTerm.Length), true);
            start = at + foldedTerm.Length;
        }

        Add(parts, display[start..], false);
        return parts;
    }

    private static void Add(List<TextPart> parts, string text, bool matched)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (parts.Count > 0 && parts[^1].Matched == matched)
        {
            parts[^1] = new TextPart(parts[^1].Text + text, matched);
        }
        else
        {
            parts.Add(new TextPart(text, matched));
        }
    }
}
