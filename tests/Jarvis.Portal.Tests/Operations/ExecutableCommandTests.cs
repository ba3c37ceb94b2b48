using System.Diagnostics;
using Jarvis.Portal.Tests.Api;

namespace Jarvis.Portal.Tests.Operations;

/// <summary>The commands through the real executable: Program.cs runs them first, with the environment's configuration.</summary>
public sealed class ExecutableCommandTests : IDisposable
{
    private readonly DatabaseFile _database = new();

    [Fact]
    public async Task UsersAdd_WithThePasswordPipedIn_AddsTheUser_ThenAnUnknownUserExitsNonZeroWithOneLine()
    {
        var added = await RunAsync("Piped-Pass-1\n", "users", "add", "piped", "--type", "smf", "--group", "ACS_BOSS");
        var refused = await RunAsync("", "users", "lock", "nobody");

        Assert.True(added.Code == 0, added.Error);
        Assert.Equal("Added piped (SMF; groups: ACS_BOSS)", added.Out.Trim());
        Assert.Equal("piped", _database.Scalar("SELECT USERNAME FROM JARVIS_USER WHERE USERNAME = 'piped'"));
        Assert.Equal(1, refused.Code);
        Assert.Equal("No user named 'nobody'.", refused.Error.Trim());
    }

    public void Dispose() => _database.Dispose();

    private async Task<(int Code, string Out, string Error)> RunAsync(string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _database.Folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Jarvis.Portal.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Jarvis"] = _database.ConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }
}
