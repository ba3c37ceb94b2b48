using System.Data.Common;
using Jarvis.Core.Data;
using Jarvis.Portal.Infrastructure;

namespace Jarvis.Portal.Commands;

/// <summary>
/// Commands of the portal's own executable (<c>Jarvis.Portal users ...</c>, <c>Jarvis.Portal backup PATH</c>,
/// <c>Jarvis.Portal doctor</c>), run
/// instead of the web server when the first argument names one. They read the portal's configuration (appsettings and
/// environment, same content root), so they work on the same database. Exit codes: 0 done, 1 refused, 2 usage.
/// </summary>
public static class PortalCommands
{
    public const int Done = 0;
    public const int Refused = 1;
    public const int Usage = 2;

    private static readonly Dictionary<string, Func<string[], IServiceProvider, CommandConsole, Task<int>>> Commands = new()
    {
        ["doctor"] = DoctorCommand.RunAsync,
        ["users"] = UsersCommand.RunAsync,
        ["backup"] = BackupCommand.RunAsync,
    };

    /// <summary>Commands that must not change the database, not even by creating the embedded schema.</summary>
    private static readonly HashSet<string> ReadOnly = ["doctor"];

    /// <summary>The exit code of the command <paramref name="args"/> name, or null when they name none (start the portal).</summary>
    public static async Task<int?> TryRunAsync(string[] args) =>
        args is [var name, ..] && Commands.ContainsKey(name) ? await RunAsync(args, CommandConsole.System) : null;

    /// <summary>Runs a command; <paramref name="configure"/> lets a test point the configuration at its own database.</summary>
    public static async Task<int> RunAsync(string[] args, CommandConsole console, Action<WebApplicationBuilder>? configure = null)
    {
        // The command's own arguments are not configuration: the builder gets none.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure?.Invoke(builder);
        builder.AddJarvisPortal();
        await using var app = builder.Build();
        try
        {
            // The schema only: the demo-password refusal guards the web portal's start, and `users passwd` is how an
            // operator gets past it.
            if (!ReadOnly.Contains(args[0]))
            {
                await app.Services.GetRequiredService<SchemaInitializer>().InitializeAsync();
            }

            return await Commands[args[0]](args[1..], app.Services, console);
        }
        catch (DbException e)
        {
            console.Error.WriteLine($"The database cannot be reached: {e.Message}");
            return Refused;
        }
    }

    /// <summary>The values after <paramref name="option"/>, each time it is given, up to the next option.</summary>
    internal static List<string> Values(string[] args, string option)
    {
        var values = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == option)
            {
                values.AddRange(args.Skip(i + 1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)));
            }
        }

        return values;
    }

    internal static string? UnknownOption(string[] args, params string[] known) =>
        args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && !known.Contains(a));
}
