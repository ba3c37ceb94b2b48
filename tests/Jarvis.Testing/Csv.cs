using System.Text;

namespace Jarvis.Testing;

/// <summary>A small RFC 4180 reader for the tests, independent of the library that writes the file.</summary>
public static class Csv
{
    /// <summary>The records of <paramref name="text"/>, each ended by CRLF; a quoted field may hold commas, line breaks and doubled quotes.</summary>
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted || field.Length > 0 || fields.Count > 0)
        {
            throw new InvalidDataException("The CSV does not end with a complete record and CRLF.");
        }

        return records;
    }
}
