using Jarvis.Core.Security;
using Microsoft.Extensions.Options;

namespace Jarvis.Portal.Security;

/// <summary>
/// Deletes expired sessions (and failed logins too old to count) at start and then every <see cref="SessionPurgeOptions.Interval"/>. A failure (database
/// down or locked) is logged and the next round simply tries again; it never stops the host.
/// </summary>
public sealed class SessionPurgeService(
    SessionStore sessions, LoginThrottle throttle, IOptions<SessionPurgeOptions> options, TimeProvider time, ILogger<SessionPurgeService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            do
            {
                try
                {
                    var purged = await sessions.PurgeExpiredAsync(stoppingToken);
                    logger.Log(purged > 0 ? LogLevel.Information : LogLevel.Debug, "Purged {Count} expired sessions", purged);
                    var failures = await throttle.PurgeAsync(stoppingToken);
                    logger.LogDebug("Purged {Count} old failed logins", failures);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Purging expired sessions failed; trying again in {Interval}", options.Value.Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
