#:project ../Jarvis.Core/Jarvis.Core.csproj
// Prints a Jarvis password hash (PBKDF2-SHA256, 100,000 iterations, random salt) for JARVIS_USER.PASSWORD_HASH.
// Usage: dotnet run tools/hash-password.cs            (asks for the password without echoing it)
//        printf '%s' "$PASSWORD" | dotnet run tools/hash-password.cs   (reads it from standard input)
// See docs/ORACLE.md. The password is never printed, logged or written anywhere.
using Jarvis.Core.Security;

string password;
if (Console.IsInputRedirected)
{
    password = Console.In.ReadToEnd().TrimEnd('\r', '\n');
}
else
{
    Console.Error.Write("Password: ");
    var typed = new System.Text.StringBuilder();
    for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
    {
        if (key.Key == ConsoleKey.Backspace)
        {
            typed.Length = Math.Max(0, typed.Length - 1);
        }
        else if (!char.IsControl(key.KeyChar))
        {
            typed.Append(key.KeyChar);
        }
    }

    Console.Error.WriteLine();
    password = typed.ToString();
}

if (password.Length == 0)
{
    Console.Error.WriteLine("No password given; nothing printed.");
    return 1;
}

Console.WriteLine(PasswordHasher.Hash(password));
return 0;
