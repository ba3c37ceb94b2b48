using Jarvis.Portal;
using Jarvis.Portal.Commands;

// "users ..." and "backup ..." are commands of this executable; anything else starts the portal.
if (await PortalCommands.TryRunAsync(args) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddJarvisPortal();

var app = builder.Build();
await app.InitializeJarvisDatabaseAsync();
app.UseJarvisPortal();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
