using Jarvis.Portal.Commands;
using Jarvis.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Jarvis.Portal.Tests.Commands;

/// <summary><c>doctor</c> warns, without failing, when AllowedHosts lets every Host through outside Development.</summary>
public sealed class DoctorAllowedHostsTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("*", true)]
    [InlineData("jarvis.example.com;*", true)]
    [InlineData("jarvis.example.com;localhost", false)]
    public async Task Doctor_AllowedHostsOutsideDevelopment_WarnsOnlyWhenAnyHostIsAllowed(string? hosts, bool warns)
    {
        Assert.NotEqual(Environments.Development, Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"));
        await using var db = await TestDatabase.CreateAsync();
        using var output = new StringWriter();

        var exit = await PortalCommands.RunAsync(["doctor"], new CommandConsole(TextReader.Null, output, TextWriter.Null, interactive: false),
            builder =>
            {
                builder.Configuration["ConnectionStrings:Jarvis"] = db.DatabaseOptions.ConnectionString;
                builder.Configuration["AllowedHosts"] = hosts;
            });

        Assert.Equal(PortalCommands.Done, exit);
        Assert.Equal(warns, output.ToString().Contains("WARN  AllowedHosts is \"*\"", StringComparison.Ordinal));
    }

    [Fact]
    public void AllowedHostsStar_InDevelopment_IsNoWarning()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AllowedHosts"] = "*" }).Build())
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development })
            .BuildServiceProvider();

        Assert.Null(DoctorCommand.AllowedHostsWarning(services));
    }
}
