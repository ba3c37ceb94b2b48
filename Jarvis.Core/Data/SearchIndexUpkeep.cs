using Dapper;

namespace Jarvis.Core.Data;

/// <summary>
/// Folds the rows that SQLite's triggers recorded as written (<see cref="SchemaSql.SearchIndexPendingTables"/>) into the FTS5
/// search tables, in batches of <see cref="BatchSize"/> IDs, each batch a write transaction of its own through the
/// writer queue, so that other writes go on between batches. Any number of portal processes may fold the same file:
/// a fold is idempotent and each batch holds the write lock. Searches find pending rows before they are folded.
/// Does nothing on Oracle.
/// </summary>
public sealed class SearchIndexUpkeep(JarvisDatabase database)
{
    /// <summary>
    /// IDs folded per transaction: about a tenth of a second of write lock on this machine, so a queued write waits
    /// at most that long behind a fold.
    /// </summary>
    public const int BatchSize = 5_000;

    /// <summary>True when written rows wait to be folded.</summary>
    public async Task<bool> AnyPendingAsync(CancellationToken cancellationToken = default)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return false;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(database.Command(SchemaSql.SearchIndexAnyPending, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Folds every pending row; returns how many IDs it folded (0 when none was pending).</summary>
    public async Task<long> FoldPendingAsync(CancellationToken cancellationToken = default)
    {
        if (!await AnyPendingAsync(cancellationToken))
        {
            return 0;
        }

        var folded = 0L;
        foreach (var (next, fold) in new[] { (SchemaSql.SearchIndexNextNameBatch, SchemaSql.SearchIndexFoldNames), (SchemaSql.SearchIndexNextNumberBatch, SchemaSql.SearchIndexFoldNumbers) })
        {
            while (await FoldBatchAsync(next, fold, cancellationToken) is var batch and > 0)
            {
                folded += batch;
            }
        }

        return folded;
    }

    private async Task<long> FoldBatchAsync(string next, string[] fold, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var upTo = await write.Connection.ExecuteScalarAsync<long?>(database.Command(
            next, new { batch = BatchSize }, write.Transaction, cancellationToken));
        if (upTo is null)
        {
            return 0;
        }

        var rows = 0L;
        foreach (var statement in fold)
        {
            rows = await write.Connection.ExecuteAsync(database.Command(statement, new { up_to = upTo }, write.Transaction, cancellationToken));
        }

        await write.CommitAsync(cancellationToken);
        // The last statement deleted the batch from the pending table: its row count is the batch's size.
        return rows;
    }
}
