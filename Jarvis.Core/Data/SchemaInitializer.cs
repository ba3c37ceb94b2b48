using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Data;

/// <summary>
/// Creates the embedded schema on first start and, in demo mode, seeds DEMO-DATA.md into an empty database.
/// On Oracle it changes nothing: the OCNCC tables exist and ours come from the install script.
/// </summary>
public sealed class SchemaInitializer(JarvisDatabase database, IOptions<DatabaseOptions> options, ILogger<SchemaInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            if (database.NextCustomerId is null)
            {
                logger.LogWarning(
                    "Creating customers is refused until {Setting} names the sequence for new customer ids (docs/ORACLE.md)",
                    JarvisDatabase.CustomerIdSequenceSetting);
            }

            return;
        }

        await CreateTablesAsync(cancellationToken);
        await EnsureSearchIndexAsync(cancellationToken);

        database.WatchEmbeddedFile(logger);

        if (options.Value.SeedDemoData)
        {
            logger.LogWarning(
                "Demo mode: demo users with known passwords (user name + \"-demo\") are active. Never use demo mode in production.");
            if (await DemoData.SeedIfEmptyAsync(database, cancellationToken))
            {
                logger.LogInformation("Seeded the demo database");
            }
        }

        // Rows written while no portal ran (or the demo rows just seeded) go into the index now rather than at the first fold.
        await new SearchIndexUpkeep(database).FoldPendingAsync(cancellationToken);
    }

    /// <summary>Creates the embedded tables when missing, without the search index (SQLite only).</summary>
    public async Task CreateTablesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // WAL lets readers and a writer, in this and other processes, share the file.
        await connection.ExecuteAsync(database.Command("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(database.Command(SchemaSql.Sqlite, cancellationToken: cancellationToken));
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(database.Command(SchemaSql.SqliteHistoryNeedsCreateFields, transaction: tx, cancellationToken: cancellationToken)) > 0)
        {
            await connection.ExecuteAsync(database.Command(SchemaSql.HistoryWithCreateFields, transaction: tx, cancellationToken: cancellationToken));
            logger.LogInformation("Upgraded JARVIS_CUSTOMER_HISTORY to record creates and deletes");
        }

        await tx.CommitAsync(cancellationToken);

        await AddHistoryTokenNameAsync(connection, cancellationToken);
    }

    private async Task AddHistoryTokenNameAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteScalarAsync<long>(database.Command(SchemaSql.SqliteHistoryHasTokenName, cancellationToken: cancellationToken)) > 0)
        {
            return;
        }

        try
        {
            await connection.ExecuteAsync(database.Command(SchemaSql.SqliteAddHistoryTokenName, cancellationToken: cancellationToken));
        }
        catch (SqliteException e) when (e.Message.Contains("duplicate column name", StringComparison.OrdinalIgnoreCase))
        {
            // Another process starting on the same file added it between our check and our change.
        }
    }

    /// <summary>
    /// Builds the search index (<see cref="SchemaSql.SearchIndexTables"/>) once, for a database that does not have it
    /// yet, in one write transaction: other writers wait, readers keep reading the old state. Logs its progress.
    /// </summary>
    public async Task EnsureSearchIndexAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(database.Command(SchemaSql.SearchIndexExists, cancellationToken: cancellationToken)) > 0)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        // A page cache big enough for the index being built (256 MB, only while building): FTS5 merges its segments and
        // the name-order index sorts a million keys without going back to the file. The pooled connection gets the
        // default back afterwards.
        await connection.ExecuteAsync(database.Command("PRAGMA cache_size = -262144", cancellationToken: cancellationToken));
        try
        {
            await BuildSearchIndexAsync(connection, watch, cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync(database.Command("PRAGMA cache_size = -2000", cancellationToken: CancellationToken.None));
        }
    }

    private async Task BuildSearchIndexAsync(DbConnection connection, Stopwatch watch, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(database.Command(SchemaSql.SearchIndexExists, transaction: tx, cancellationToken: cancellationToken)) > 0)
        {
            return; // another process built it while we waited for the write lock
        }

        if (await connection.ExecuteScalarAsync<long>(database.Command(SchemaSql.SearchIndexRowByRowIndexExists, transaction: tx, cancellationToken: cancellationToken)) > 0)
        {
            // The FTS5 tables are current: only their upkeep changes, to triggers that record pending rows.
            await connection.ExecuteAsync(database.Command(
                SchemaSql.SearchIndexDropRowByRowTriggers + SchemaSql.SearchIndexPendingTables + SchemaSql.SearchIndexTriggers, transaction: tx, cancellationToken: cancellationToken));
            await tx.CommitAsync(cancellationToken);
            logger.LogInformation("The customer search index now records written rows for folding in batches");
            return;
        }

        logger.LogInformation("Building the customer search index");
        await connection.ExecuteAsync(database.Command(SchemaSql.SearchIndexTables, transaction: tx, cancellationToken: cancellationToken));
        var customers = await FillAsync(connection, tx, "ACS_CUSTOMER", SchemaSql.SearchIndexFillNames, "customer names", cancellationToken);
        var numbers = await FillAsync(connection, tx, "ACS_CUSTOMER_SN", SchemaSql.SearchIndexFillNumbers, "service numbers", cancellationToken);
        await connection.ExecuteAsync(database.Command(
            SchemaSql.SearchIndexPendingTables + SchemaSql.SearchIndexTriggers, transaction: tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        // Statistics for the query planner on the new index (once; a site may run ANALYZE again whenever it likes).
        await connection.ExecuteAsync(database.Command("ANALYZE main", cancellationToken: cancellationToken));
        logger.LogInformation(
            "Built the customer search index for {Customers} customers and {Numbers} service numbers in {Seconds:F1} s",
            customers, numbers, watch.Elapsed.TotalSeconds);
    }

    private async Task<long> FillAsync(
        DbConnection connection, DbTransaction tx, string table, string fill, string what, CancellationToken cancellationToken)
    {
        const long Step = 200_000;
        var (min, max, total) = await connection.QuerySingleAsync<(long?, long?, long)>(database.Command(
            $"SELECT MIN(ID), MAX(ID), COUNT(*) FROM {table}", transaction: tx, cancellationToken: cancellationToken));
        if (min is null || max is null)
        {
            return 0;
        }

        var done = 0L;
        for (var after = min.Value - 1; after < max.Value; after += Step)
        {
            done += await connection.ExecuteAsync(database.Command(
                fill, new { after, up_to = after + Step }, tx, cancellationToken));
            if (total > Step)
            {
                logger.LogInformation("Search index: {Done} of {Total} {What}", done, total, what);
            }
        }

        return total;
    }
}
