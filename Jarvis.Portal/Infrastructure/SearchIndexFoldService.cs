using Jarvis.Core.Data;

namespace Jarvis.Portal.Infrastructure;

/// <summary>
/// Folds rows written into the embedded database (by the portal or any other program) into its search index every
/// <see cref="Interval"/>. Until then searches read them from the pending table, so they are found at once either way;
/// the fold keeps that table short. A failure (database locked or down) is logged and the next round tries again.
/// </summary>
public sealed class SearchIndexFoldService(SearchIndexUpkeep upkeep, TimeProvider time, ILogger<SearchIndexFoldService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await upkeep.FoldPendingAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Folding written rows into the search index failed; trying again in {Interval}", Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
