using Dapper;
using Jarvis.Core.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Customers;

/// <summary>How often the change feed's reader looks for new history rows.</summary>
public sealed class CustomerChangeFeedOptions
{
    public const string SectionName = "Jarvis:LiveChanges";

    /// <summary>The pause between two polls of the history table (a change made in another process shows within about this).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest pause between tries while the database is unavailable.</summary>
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The one reader of JARVIS_CUSTOMER_HISTORY per process: it starts at the newest row that exists when it starts,
/// then reads the rows after the last one it has seen, by ID through the primary key, and hands them to
/// <see cref="CustomerChangeFeed"/> in ID order, each once. While the database is unavailable it logs once, waits
/// and tries again from where it was.
/// </summary>
/// <remarks>
/// A row can become visible after a row with a higher ID (Oracle hands out identity values before the commit), so an
/// ID skipped over is looked up again, by primary key, for <see cref="GapWindow"/>; such a late row is delivered after
/// rows with higher IDs. On SQLite writers commit in ID order and there are no gaps to watch.
/// </remarks>
public sealed class CustomerChangeReader(
    JarvisDatabase database, CustomerChangeFeed feed, IOptions<CustomerChangeFeedOptions> options,
    ILogger<CustomerChangeReader> logger, TimeProvider? timeProvider = null)
{
    /// <summary>How long an ID skipped over may still show up as a committed row.</summary>
    public static readonly TimeSpan GapWindow = TimeSpan.FromSeconds(30);

    /// <summary>A jump in IDs wider than this is a new block of identity values, not rows still being written.</summary>
    internal const long WidestGap = 1000;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly CustomerChangeSql _sql = new(database.Dialect);
    private readonly SortedDictionary<long, DateTimeOffset> _gaps = [];
    private long? _after;
    private bool _unavailable;

    /// <summary>The ID of the newest row handed on (or the newest at start); null until the first poll reached the database.</summary>
    public long? Position => _after;

    /// <summary>Polls until <paramref name="stoppingToken"/> is cancelled; never throws for an unavailable database.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var retry = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan pause;
            try
            {
                var read = await PollAsync(stoppingToken);
                if (_unavailable)
                {
                    _unavailable = false;
                    logger.LogInformation("Following customer changes again after history ID {HistoryId}", _after);
                }

                retry = options.Value.PollInterval;
                pause = read >= CustomerChangeSql.BatchSize ? TimeSpan.Zero : options.Value.PollInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (!_unavailable)
                {
                    _unavailable = true;
                    logger.LogWarning(e, "Cannot read customer changes; trying again, from history ID {HistoryId}", _after);
                }

                pause = retry;
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, options.Value.MaxRetryInterval.Ticks));
            }

            if (pause > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(pause, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// One poll: on the first, the newest ID becomes the starting point and nothing is delivered; then the rows after
    /// the position (and skipped IDs still in their window). Returns the number of rows read. Throws what the database throws.
    /// </summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (_after is not { } after)
        {
            _after = await connection.ExecuteScalarAsync<long?>(database.Command(
                CustomerChangeSql.NewestId, cancellationToken: cancellationToken)) ?? 0;
            return 0;
        }

        var now = _time.GetUtcNow();
        foreach (var expired in _gaps.Where(g => now - g.Value > GapWindow).Select(g => g.Key).ToList())
        {
            _gaps.Remove(expired);
        }

        var delivered = new List<(long, CustomerFieldChange)>();
        if (_gaps.Count > 0)
        {
            var binds = new DynamicParameters();
            var slots = _gaps.Keys.Take(CustomerChangeSql.GapSlots).ToArray();
            for (var i = 0; i < CustomerChangeSql.GapSlots; i++)
            {
                binds.Add($"g{i}", i < slots.Length ? slots[i] : 0L);
            }

            foreach (var row in await connection.QueryAsync<HistoryRow>(database.Command(
                         _sql.RowsWithIds, binds, cancellationToken: cancellationToken)))
            {
                _gaps.Remove(row.Id);
                delivered.Add(row.ToChange());
            }
        }

        var rows = (await connection.QueryAsync<HistoryRow>(database.Command(
            _sql.RowsAfter, new { after }, cancellationToken: cancellationToken))).AsList();
        foreach (var row in rows)
        {
            if (row.Id - after - 1 is > 0 and <= WidestGap)
            {
                for (var missing = after + 1; missing < row.Id && _gaps.Count < CustomerChangeSql.GapSlots * 4; missing++)
                {
                    _gaps[missing] = now;
                }
            }

            after = row.Id;
            delivered.Add(row.ToChange());
        }

        _after = after;
        if (delivered.Count > 0)
        {
            feed.Publish(delivered);
        }

        return rows.Count;
    }

    private sealed class HistoryRow
    {
        public long Id { get; set; }
        public long CustomerId { get; set; }
        public string Field { get; set; } = "";
        public string? OldValue { get; set; }
        public string? NewValue { get; set; }
        public string Username { get; set; } = "";
        public long ChangedAt { get; set; }
        public string Via { get; set; } = "";

        public (long, CustomerFieldChange) ToChange() =>
            (CustomerId, new CustomerFieldChange(Field, OldValue, NewValue, Username, DateTimeOffset.FromUnixTimeSeconds(ChangedAt), Via));
    }
}
