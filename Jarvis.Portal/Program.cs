using Jarvis.Portal;

var builder = WebApplication.CreateBuilder(args);
builder.AddJarvisPortal();

var app = builder.Build();
await app.InitializeJarvisDatabaseAsync();
app.UseJarvisPortal();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
