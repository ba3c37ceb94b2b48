using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Data;

/// <summary>Opens one connection per operation for the configured database and knows its dialect.</summary>
public sealed class JarvisDatabase
{
    private readonly DbProviderFactory _factory;
    private readonly string _connectionString;

    public JarvisDatabase(IOptions<DatabaseOptions> options)
    {
        var o = options.Value;
        Provider = o.Provider;
        _connectionString = o.ConnectionString;
        (_factory, Dialect) = o.Provider switch
        {
            DatabaseProvider.Sqlite => ((DbProviderFactory)SqliteFactory.Instance, (ISqlDialect)new SqliteDialect()),
            DatabaseProvider.Oracle => (OracleDriver.GetFactory(), new OracleDialect(o.OracleSearchIndex)),
            _ => throw new InvalidOperationException($"Unknown database provider '{o.Provider}'."),
        };
        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            throw new InvalidOperationException(
                "No connection string: set ConnectionStrings:Jarvis (or Jarvis:Database:ConnectionString).");
        }
    }

    public DatabaseProvider Provider { get; }

    public ISqlDialect Dialect { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = _factory.CreateConnection()
            ?? throw new InvalidOperationException("The database provider created no connection.");
        connection.ConnectionString = _connectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection sqlite)
            {
                sqlite.CreateFunction<string?, string?>(
                    SqliteDialect.FoldFunction, s => s is null ? null : TextFolding.Fold(s), isDeterministic: true);
                // Foreign keys are per connection in SQLite.
                await using var pragma = sqlite.CreateCommand();
                pragma.CommandText = "PRAGMA foreign_keys = ON";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>
/// Resolves Oracle's ADO.NET driver by its invariant name. The package is only referenced when building with
/// <c>-p:JarvisOracle=true</c>; without it, choosing Oracle fails here, every time, with <see cref="MissingDriverMessage"/>.
/// </summary>
public static class OracleDriver
{
    public const string MissingDriverMessage =
        "Jarvis:Database:Provider is Oracle, but the Oracle driver (Oracle.ManagedDataAccess.Core) is not in this build. " +
        "Build and run with it: dotnet run --project Jarvis.Portal -p:JarvisOracle=true (see docs/ORACLE.md).";

    private const string FactoryType = "Oracle.ManagedDataAccess.Client.OracleClientFactory, Oracle.ManagedDataAccess";

    public static DbProviderFactory GetFactory()
    {
        if (DbProviderFactories.TryGetFactory(OracleDialect.ProviderInvariantName, out var factory))
        {
            return factory;
        }

        // Register only a type that loads: a registration by name that fails to load would make every later call
        // throw ArgumentException without this message.
        Type? type;
        try
        {
            type = Type.GetType(FactoryType, throwOnError: false);
        }
        catch (Exception e) when (e is System.IO.FileLoadException or BadImageFormatException or TypeLoadException)
        {
            throw new InvalidOperationException(MissingDriverMessage, e);
        }

        if (type is null)
        {
            throw new InvalidOperationException(MissingDriverMessage);
        }

        DbProviderFactories.RegisterFactory(OracleDialect.ProviderInvariantName, type);
        return DbProviderFactories.GetFactory(OracleDialect.ProviderInvariantName);
    }
}
