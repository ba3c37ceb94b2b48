using Dapper;
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
            return;
        }

        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            // WAL lets readers and a writer, in this and other processes, share the file.
            await connection.ExecuteAsync(database.Command("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken));
            await connection.ExecuteAsync(database.Command(SchemaSql.Sqlite, cancellationToken: cancellationToken));
        }

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
    }
}
