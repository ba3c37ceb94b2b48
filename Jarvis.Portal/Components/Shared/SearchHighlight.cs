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
        if (string.IsNullOrWhiteSpace(term))
        {
            return [new TextPart(display, false)];
        }

        return Split(display, TextFolding.Fold(display), TextFolding.Fold(term.Trim()));
    }

    /// <summary>
    /// Service numbers joined by ", " split into parts; in each number the digits the term matched are marked.
    /// </summary>
    public static IReadOnlyList<TextPart> InServiceNumbers(string serviceNumbers, string? term)
    {
        var digits = string.IsNullOrWhiteSpace(term) ? "" : TextFolding.ServiceNumberTerm(term);
        if (digits.Length == 0 || serviceNumbers.Length == 0)
        {
            return [new TextPart(serviceNumbers, false)];
        }

        var folded = TextFolding.Fold(digits);
        var parts = new List<TextPart>();
        var numbers = serviceNumbers.Split(", ");
        for (var i = 0; i < numbers.Length; i++)
        {
            if (i > 0)
            {
                Add(parts, ", ", false);
            }

            foreach (var part in Split(numbers[i], TextFolding.Fold(numbers[i]), folded))
            {
                Add(parts, part.Text, part.Matched);
            }
        }

        return parts;
    }

    private static List<TextPart> Split(string display, string folded, string foldedTerm)
    {
        var parts = new List<TextPart>();
        if (foldedTerm.Length == 0 || folded.Length != display.Length)
        {
            parts.Add(new TextPart(display, false));
            return parts;
        }

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
