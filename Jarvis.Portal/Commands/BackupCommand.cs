using Jarvis.Core.Data;

namespace Jarvis.Portal.Commands;

/// <summary><c>backup PATH [--overwrite]</c>: a consistent copy of the embedded database, safe while the portal runs.</summary>
public static class BackupCommand
{
    public const string UsageText = "usage: backup PATH [--overwrite]";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, CommandConsole console)
    {
        var overwrite = args.Contains("--overwrite");
        var paths = args.Where(a => a != "--overwrite").ToArray();
        if (paths is not [var path] || path.StartsWith("--", StringComparison.Ordinal))
        {
            console.Error.WriteLine(UsageText);
            return PortalCommands.Usage;
        }

        var result = await services.GetRequiredService<DatabaseBackup>().CopyToAsync(path, overwrite);
        switch (result)
        {
            case BackupResult.Done done:
                console.Out.WriteLine($"Backed up the database to {done.Path} ({done.Bytes:N0} bytes).");
                return PortalCommands.Done;
            default:
                console.Error.WriteLine(((BackupResult.Refused)result).Message);
                return PortalCommands.Refused;
        }
    }
}
