using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Data;

/// <summary>
/// Opens one connection per operation for the configured database and knows its dialect, its command timeout and
/// how its text columns count their limits.
/// </summary>
public sealed class JarvisDatabase : IDisposable
{
    private readonly DbProviderFactory _factory;
    private readonly string _connectionString;

    public JarvisDatabase(IOptions<DatabaseOptions> options)
        : this(options, null)
    {
    }

    /// <summary>With <paramref name="factory"/>, connections come from it instead of the provider's own (tests: a strict provider).</summary>
    public JarvisDatabase(IOptions<DatabaseOptions> options, DbProviderFactory? factory)
    {
        var o = options.Value;
        Provider = o.Provider;
        Dialect = SqlDialects.For(o.Provider);
        CustomerIdSequence = SequenceName(o.CustomerIdSequence);
        NextCustomerId = Dialect.NextCustomerId(CustomerIdSequence);
        _factory = factory ?? Dialect.ProviderFactory();
        if (string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            throw new InvalidOperationException(
                "No connection string: set ConnectionStrings:Jarvis (or Jarvis:Database:ConnectionString).");
        }

        _connectionString = Dialect.ConnectionString(o.ConnectionString);

        CommandTimeout = o.CommandTimeout ?? Dialect.DefaultCommandTimeout(_connectionString);
        if (CommandTimeout <= 0)
        {
            throw new InvalidOperationException(
                $"Jarvis:Database:CommandTimeout must be a positive number of seconds, not {CommandTimeout}.");
        }

        LengthSemantics = o.LengthSemantics ?? Dialect.DefaultLengthSemantics;
        WriteLockTimeout = TimeSpan.FromSeconds(o.WriteLockTimeout ?? DatabaseOptions.DefaultWriteLockTimeout);
        if (WriteLockTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"Jarvis:Database:WriteLockTimeout must be a positive number of seconds, not {o.WriteLockTimeout}.");
        }
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The configured sequence for new customer ids (<see cref="DatabaseOptions.CustomerIdSequence"/>), checked, or null.</summary>
    public string? CustomerIdSequence { get; }

    /// <summary>The statement that gives a new customer's id, or null when creating customers is not set up (Oracle without its sequence).</summary>
    public string? NextCustomerId { get; }

    /// <summary>The setting that names Oracle's sequence for new customer ids (<see cref="DatabaseOptions.CustomerIdSequence"/>).</summary>
    public const string CustomerIdSequenceSetting = DatabaseOptions.SectionName + ":CustomerIdSequence";

    /// <summary>An Oracle name, optionally schema-qualified, or null when unset; anything else stops the start.</summary>
    private static string? SequenceName(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        return System.Text.RegularExpressions.Regex.IsMatch(configured.Trim(), @"^[A-Za-z][A-Za-z0-9_$#]{0,127}(\.[A-Za-z][A-Za-z0-9_$#]{0,127})?$")
            ? configured.Trim()
            : throw new InvalidOperationException(
                $"{CustomerIdSequenceSetting} must name a sequence (SCHEMA.NAME or NAME: letters, digits, _, $, #), not '{configured}'.");
    }

    /// <summary>For the site check only: it may hold a password, so it is never logged or shown.</summary>
    internal string ConnectionString => _connectionString;

    public ISqlDialect Dialect { get; }

    /// <summary>Seconds any command may run; every command Jarvis runs carries it (<see cref="Command"/>).</summary>
    public int CommandTimeout { get; }

    /// <summary>
    /// How long <see cref="BeginWriteAsync"/> waits for the write lock, in this process's queue and then for another
    /// program's lock on the file, before it gives up with an outage (503).
    /// </summary>
    public TimeSpan WriteLockTimeout { get; }

    /// <summary>How the limits of <c>CUSTOMER_REFERENCE</c> and <c>DESCRIPTION</c> count (see <see cref="Customers.CustomerRules"/>).</summary>
    public LengthSemantics LengthSemantics { get; }

    /// <summary>A Dapper command with this database's command timeout.</summary>
    public CommandDefinition Command(
        string sql, object? parameters = null, DbTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        new(sql, parameters, transaction, CommandTimeout, cancellationToken: cancellationToken);

    private SqliteFileGuard? _fileGuard;

    /// <summary>Remembers the embedded database file as it is now; from then on a vanished or replaced file gets 503.</summary>
    public void WatchEmbeddedFile(ILogger logger)
    {
        if (Provider == DatabaseProvider.Sqlite && _fileGuard is null)
        {
            _fileGuard = SqliteFileGuard.Start(_connectionString, logger);
        }
    }

    /// <summary>
    /// Throws the <see cref="SqliteException"/> of an unavailable database once the embedded file the portal started
    /// with is gone from its path; does nothing on Oracle.
    /// </summary>
    public void EnsureFileIntact() => _fileGuard?.EnsureIntact();

    public void Dispose() => _fileGuard?.Dispose();

    private readonly WriterQueue _writers = new();

    /// <summary>
    /// Begins a write transaction; every write of Jarvis goes through here. On SQLite the writers of this process queue
    /// in order of arrival (one at a time, without a thread held while waiting), and the one at the head takes SQLite's
    /// write lock at once with <c>BEGIN IMMEDIATE</c>, so no statement of the transaction can meet a busy file later.
    /// Waiting for another program's lock counts against <see cref="WriteLockTimeout"/> together with the queue; past it
    /// the write fails with SQLITE_BUSY, an outage (503), having changed nothing. Reads never wait for it. On Oracle,
    /// which locks rows, it is a plain transaction and writers do not queue.
    /// </summary>
    public async Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            var oracle = await OpenAsync(cancellationToken);
            try
            {
                return new WriteTransaction(oracle, await oracle.BeginTransactionAsync(cancellationToken), null);
            }
            catch
            {
                await oracle.DisposeAsync();
                throw;
            }
        }

        // The connection is opened before the queue and closed after it (WriteTransaction): only BEGIN to COMMIT is
        // serialised.
        var connection = await OpenAsync(cancellationToken);
        var waited = Stopwatch.StartNew();
        bool entered;
        try
        {
            entered = await _writers.EnterAsync(WriteLockTimeout, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        if (!entered)
        {
            await connection.DisposeAsync();
            throw new SqliteException(
                $"The database is locked: waited {WriteLockTimeout.TotalSeconds:0.#} s behind this process's other writers.", SqliteBusy);
        }

        try
        {
            var sqlite = (SqliteConnection)connection;
            // Microsoft.Data.Sqlite retries a busy BEGIN for the connection's DefaultTimeout (whole seconds, 0 = forever):
            // what is left of the wait, at least a second.
            sqlite.DefaultTimeout = Math.Max(1, (int)(WriteLockTimeout - waited.Elapsed).TotalSeconds);
            DbTransaction transaction;
            try
            {
                transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            }
            finally
            {
                sqlite.DefaultTimeout = CommandTimeout;
            }

            return new WriteTransaction(connection, transaction, _writers);
        }
        catch
        {
            _writers.Release();
            await connection.DisposeAsync();
            throw;
        }
    }

    private const int SqliteBusy = 5;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        _fileGuard?.EnsureIntact();
        var connection = _factory.CreateConnection()
            ?? throw new InvalidOperationException("The database provider created no connection.");
        connection.ConnectionString = _connectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection sqlite)
            {
                if (_fileGuard is null)
                {
                    SqliteFileGuard.Unwatch(sqlite);
                }
                else
                {
                    _fileGuard.Watch(sqlite);
                }
            }

            await Dialect.PrepareConnectionAsync(connection, CommandTimeout, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
