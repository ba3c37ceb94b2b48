using System.Text;

namespace Jarvis.Testing;

/// <summary>
/// The <c>:name</c> bind variables of a statement as Oracle reads them: not inside string literals (also q-quoted),
/// quoted identifiers or comments, and not the <c>::</c> of a cast.
/// </summary>
public static class BindNames
{
    /// <summary>Every distinct bind name in order of first use, without the colon, in upper case (Oracle ignores case).</summary>
    public static IReadOnlyList<string> Of(string sql)
    {
        var names = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (c is 'q' or 'Q' && next == '\'' && i + 2 < sql.Length && (i == 0 || !IsNameChar(sql[i - 1])))
            {
                i = SkipQQuote(sql, i + 2);
            }
            else if (c == '\'')
            {
                i = SkipQuoted(sql, i, '\'');
            }
            else if (c == '"')
            {
                i = SkipQuoted(sql, i, '"');
            }
            else if (c == '-' && next == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && next == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else if (c == ':' && next == ':')
            {
                i += 2;
            }
            else if (c == ':' && (char.IsAsciiLetter(next) || char.IsAsciiDigit(next)))
            {
                var start = ++i;
                while (i < sql.Length && IsNameChar(sql[i]))
                {
                    i++;
                }

                var name = sql[start..i].ToUpperInvariant();
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
            else
            {
                i++;
            }
        }

        return names;
    }

    /// <summary>A parameter's name as Oracle compares it: no leading <c>:</c>, <c>@</c> or <c>$</c>, upper case.</summary>
    public static string Normalize(string parameterName) => parameterName.TrimStart(':', '@', '$').ToUpperInvariant();

    /// <summary>The text with each bind name listed, for messages: <c>:A, :B</c>.</summary>
    public static string List(IEnumerable<string> names)
    {
        var text = new StringBuilder();
        foreach (var name in names)
        {
            text.Append(text.Length == 0 ? ":" : ", :").Append(name);
        }

        return text.Length == 0 ? "(none)" : text.ToString();
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '#';

    // From the opening quote: past the closing one; a doubled quote inside is part of the text.
    private static int SkipQuoted(string sql, int i, char quote)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return i;
    }

    // q'[...]', q'{...}', q'<...>', q'(...)' or q'X...X': from the delimiter, past the closing delimiter and quote.
    private static int SkipQQuote(string sql, int delimiterAt)
    {
        var open = sql[delimiterAt];
        var close = open switch { '[' => ']', '{' => '}', '<' => '>', '(' => ')', _ => open };
        var end = sql.IndexOf($"{close}'", delimiterAt + 1, StringComparison.Ordinal);
        return end < 0 ? sql.Length : end + 2;
    }
}
