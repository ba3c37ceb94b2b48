using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Jarvis.Testing;

/// <summary>A statement as it reached the database: its text, the names bound to it (normalized) and its timeout.</summary>
public sealed record ExecutedCommand(string Text, IReadOnlyList<string> BoundNames, int CommandTimeout);

/// <summary>A failure the strict provider raises where ODP.NET would; <see cref="Number"/> is the ORA number.</summary>
public sealed class StrictProviderException(int number, string message) : DbException($"ORA-{number:D5}: {message}")
{
    public int Number { get; } = number;
}

/// <summary>
/// SQLite, failing the way ODP.NET does with Dapper (which sets BindByName): a bound name the statement does not
/// contain is ORA-01036, a <c>:name</c> of the statement left unbound is ORA-01008, a string over 4,000 bytes in
/// UTF-8 is ORA-01460, and a <see cref="DbType.Boolean"/> parameter fails (no BOOLEAN binds before Oracle 23ai), and numbers come back as
/// <see cref="decimal"/> (<see cref="StrictDataReader"/>).
/// Everything else is plain SQLite. With <c>record</c>, every executed command is kept in <see cref="Executed"/>.
/// </summary>
public sealed class StrictProviderFactory(bool record = false) : DbProviderFactory
{
    /// <summary>The most bytes a VARCHAR2 bind may carry into SQL under MAX_STRING_SIZE = STANDARD.</summary>
    public const int MaxStringBytes = 4000;

    public static readonly StrictProviderFactory Instance = new();

    public ConcurrentQueue<ExecutedCommand> Executed { get; } = new();

    public override DbConnection CreateConnection() => new StrictConnection(this);

    public override DbCommand CreateCommand() => new StrictCommand(this);

    public override DbParameter CreateParameter() => new SqliteParameter();

    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new SqliteConnectionStringBuilder();

    /// <summary>Throws as ODP.NET would for this statement and its parameters; records it when recording.</summary>
    public void Check(string text, DbParameterCollection parameters, int commandTimeout)
    {
        var inText = BindNames.Of(text);
        var bound = new List<string>();
        foreach (DbParameter p in parameters)
        {
            var name = BindNames.Normalize(p.ParameterName);
            bound.Add(name);
            if (!inText.Contains(name))
            {
                throw new StrictProviderException(1036,
                    $"illegal variable name/number (:{name} is bound, the statement has {BindNames.List(inText)})");
            }

            if (p.DbType == DbType.Boolean)
            {
                throw new StrictProviderException(3115,
                    $"unsupported network datatype or representation (:{name} is DbType.Boolean; Oracle before 23ai has no BOOLEAN bind)");
            }

            if (p.Value is string s && Encoding.UTF8.GetByteCount(s) > MaxStringBytes)
            {
                throw new StrictProviderException(1460,
                    $"unimplemented or unreasonable conversion requested (:{name} is {Encoding.UTF8.GetByteCount(s)} bytes, over {MaxStringBytes})");
            }
        }

        var missing = inText.Where(n => !bound.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw new StrictProviderException(1008, $"not all variables bound ({BindNames.List(missing)} not bound)");
        }

        if (record)
        {
            Executed.Enqueue(new ExecutedCommand(text, bound, commandTimeout));
        }
    }
}

/// <summary>
/// A SQLite connection whose commands, as ADO.NET callers such as Dapper create them (<see cref="DbConnection.CreateCommand"/>),
/// are <see cref="StrictCommand"/>s. Microsoft.Data.Sqlite's own commands (BEGIN, ROLLBACK) stay plain.
/// </summary>
public sealed class StrictConnection(StrictProviderFactory factory) : SqliteConnection
{
    protected override DbProviderFactory DbProviderFactory => factory;

    protected override DbCommand CreateDbCommand()
    {
        // The plain command carries the connection's pending transaction, which SQLite insists on.
        using var plain = CreateCommand();
        return new StrictCommand(factory) { Connection = this, CommandTimeout = plain.CommandTimeout, Transaction = plain.Transaction };
    }
}

/// <summary>
/// A SQLite command checked by <see cref="StrictProviderFactory.Check"/> before every execution. Microsoft.Data.Sqlite
/// runs every Execute* (sync and async, reader, scalar, non-query) through <c>ExecuteReader(CommandBehavior)</c>;
/// StrictProviderTests pins that each of them is checked.
/// </summary>
public sealed class StrictCommand(StrictProviderFactory factory) : SqliteCommand
{
    public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
    {
        factory.Check(CommandText, Parameters, CommandTimeout);
        return base.ExecuteReader(behavior);
    }

    // Callers through DbCommand (Dapper, ADO.NET) get Oracle's value types (StrictDataReader).
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => new StrictDataReader(ExecuteReader(behavior));

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        new StrictDataReader(await ExecuteReaderAsync(behavior, cancellationToken));

    public override object? ExecuteScalar() => base.ExecuteScalar() switch
    {
        long l => (decimal)l,
        double d => (decimal)d,
        var other => other,
    };
}
