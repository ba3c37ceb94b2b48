using Jarvis.Portal.Commands;
using Jarvis.Portal.Infrastructure;

// "users", "backup" and "doctor" (Commands/) run instead of the portal; anything else starts the portal.
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
