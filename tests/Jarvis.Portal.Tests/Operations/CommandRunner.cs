using Jarvis.Portal.Commands;
using Jarvis.Portal.Tests.Api;
using Microsoft.Extensions.Configuration;

namespace Jarvis.Portal.Tests.Operations;

/// <summary>Runs a command of the portal's executable in process against a <see cref="DatabaseFile"/>, as the shell would.</summary>
public static class CommandRunner
{
    public sealed record Outcome(int ExitCode, string Out, string Error);

    /// <summary><paramref name="stdin"/> is standard input, redirected (null: empty).</summary>
    public static async Task<Outcome> RunAsync(DatabaseFile database, string? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CommandConsole(new StringReader(stdin ?? ""), output, error, interactive: false);
        var code = await PortalCommands.RunAsync(args, console, builder => builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:Jarvis"] = database.ConnectionString,
                ["Jarvis:Database:SeedDemoData"] = "true",
            }));
        return new Outcome(code, output.ToString(), error.ToString());
    }
}
