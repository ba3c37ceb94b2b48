using Jarvis.Core.Customers;

namespace Jarvis.Portal.Infrastructure;

/// <summary>Runs the process's one <see cref="CustomerChangeReader"/> for as long as the portal runs.</summary>
public sealed class CustomerChangeReaderService(CustomerChangeReader reader) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => reader.RunAsync(stoppingToken);
}
