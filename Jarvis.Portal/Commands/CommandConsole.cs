namespace Jarvis.Portal.Commands;

/// <summary>
/// Where a command writes and reads. A password is read from the terminal without echo, or, when standard input is
/// redirected, as its first line; never from the command line.
/// </summary>
public sealed class CommandConsole(TextReader input, TextWriter output, TextWriter error, bool interactive)
{
    public static CommandConsole System => new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected);

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>The password, or null when none was given (end of input) or the two entries differ.</summary>
    public string? ReadNewPassword()
    {
        if (!interactive)
        {
            return input.ReadLine();
        }

        var first = ReadHidden("Password: ");
        var second = ReadHidden("Password again: ");
        if (first != second)
        {
            Error.WriteLine("The two passwords differ.");
            return null;
        }

        return first;
    }

    private string ReadHidden(string prompt)
    {
        Error.Write(prompt);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Error.WriteLine();
        return text.ToString();
    }
}
