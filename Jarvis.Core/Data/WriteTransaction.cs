using System.Data.Common;

namespace Jarvis.Core.Data;

/// <summary>
/// A write transaction from <see cref="JarvisDatabase.BeginWriteAsync"/>: its connection and transaction, the write lock
/// held from the start. Disposing it without <see cref="CommitAsync"/> rolls back; either way it closes the connection
/// and lets the next writer in.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly WriterQueue? _queue;
    private bool _disposed;

    internal WriteTransaction(DbConnection connection, DbTransaction transaction, WriterQueue? queue)
    {
        Connection = connection;
        Transaction = transaction;
        _queue = queue;
    }

    public DbConnection Connection { get; }

    /// <summary>Pass it to every command of the write (<see cref="JarvisDatabase.Command"/>).</summary>
    public DbTransaction Transaction { get; }

    public Task CommitAsync(CancellationToken cancellationToken = default) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            // The next writer may begin while this connection goes back to the pool.
            _queue?.Release();
            await Connection.DisposeAsync();
        }
    }
}
