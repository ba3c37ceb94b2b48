using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Jarvis.E2E.Infrastructure;

/// <summary>
/// SQLite connections whose statements bound to a value containing <paramref name="term"/> (any case) first block their
/// thread for <paramref name="delay"/>, as a slow query does (Microsoft.Data.Sqlite's async methods complete
/// synchronously). The e2e host gives it to the portal's database, so a test can hold a search on the server.
/// </summary>
public sealed class SlowSearchProvider(string term, TimeSpan delay) : DbProviderFactory
{
    public override DbConnection CreateConnection() => new SlowConnection(this);

    public override DbCommand CreateCommand() => new SlowCommand(this);

    public override DbParameter CreateParameter() => new SqliteParameter();

    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new SqliteConnectionStringBuilder();

    private int _released;

    /// <summary>How many statements were held and then let go.</summary>
    public int Released => Volatile.Read(ref _released);

    private void BlockIfSlow(DbParameterCollection parameters)
    {
        if (parameters.Cast<DbParameter>().Any(p => p.Value is string text && text.Contains(term, StringComparison.OrdinalIgnoreCase)))
        {
            Thread.Sleep(delay);
            Interlocked.Increment(ref _released);
        }
    }

    private sealed class SlowConnection(SlowSearchProvider provider) : SqliteConnection
    {
        protected override DbProviderFactory DbProviderFactory => provider;

        protected override DbCommand CreateDbCommand()
        {
            // The plain command carries the connection's pending transaction, which SQLite insists on.
            using var plain = CreateCommand();
            return new SlowCommand(provider) { Connection = this, CommandTimeout = plain.CommandTimeout, Transaction = plain.Transaction };
        }
    }

    /// <summary>Microsoft.Data.Sqlite runs every Execute* (sync and async) through <c>ExecuteReader(CommandBehavior)</c>.</summary>
    private sealed class SlowCommand(SlowSearchProvider provider) : SqliteCommand
    {
        public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
        {
            provider.BlockIfSlow(Parameters);
            return base.ExecuteReader(behavior);
        }
    }
}
