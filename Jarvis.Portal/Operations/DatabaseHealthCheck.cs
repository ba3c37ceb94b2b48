using System.Data.Common;
using Jarvis.Core.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Jarvis.Portal.Operations;

/// <summary>Ready when the database answers a cheap query within <see cref="OperationsOptions.ReadyTimeout"/>.</summary>
public sealed class DatabaseHealthCheck(DatabaseProbe probe, IOptions<OperationsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ReadyTimeout);
        try
        {
            // WaitAsync as well: a driver that ignores cancellation while it waits on a lock still answers in time.
            await probe.CheckAsync(timeout.Token).WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}
