using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Jarvis.Core.Data;

/// <summary>
/// Notices when the embedded database file is deleted or replaced while the portal runs (API.md section 6). At start
/// it keeps one connection open on the file; SQLite's <c>SQLITE_FCNTL_HAS_MOVED</c> then tells, with one
/// <c>stat</c> of the path, whether the path still names the file that connection holds. Every open checks it, and
/// every commit checks it again (a commit hook turns the commit into a rollback), so no write is confirmed that is
/// not in the file the portal started with. When the same file is back at its path, everything works again.
/// </summary>
public sealed class SqliteFileGuard : IDisposable
{
    public const string MovedMessage =
        "The database file was deleted or replaced while the portal runs; restore it or restart the portal.";

    private const int SqliteFcntlHasMoved = 20;
    private const int SqliteCantOpen = 14;

    private readonly SqliteConnection _sentinel;
    private readonly ILogger _logger;
    private readonly string _path;
    private readonly Lock _gate = new();
    private int _broken;
    private bool _disposed;

    private SqliteFileGuard(SqliteConnection sentinel, string path, ILogger logger)
    {
        _sentinel = sentinel;
        _path = path;
        _logger = logger;
    }

    /// <summary>Opens the sentinel on the file the portal starts with; null for an in-memory database.</summary>
    public static SqliteFileGuard? Start(string connectionString, ILogger logger)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        if (builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return null;
        }

        var sentinel = new SqliteConnection(builder.ConnectionString);
        sentinel.Open();
        return new SqliteFileGuard(sentinel, Path.GetFullPath(builder.DataSource), logger);
    }

    /// <summary>True while the path names the file the portal started with (logs each change once).</summary>
    public bool IsIntact()
    {
        bool moved;
        lock (_gate)
        {
            moved = !_disposed && HasMoved(_sentinel);
        }

        if (moved && Interlocked.Exchange(ref _broken, 1) == 0)
        {
            _logger.LogError(
                "The database file {Path} was deleted or replaced while the portal runs: every request answers 503 until it is back or the portal restarts",
                _path);
        }
        else if (!moved && Interlocked.Exchange(ref _broken, 0) == 1)
        {
            _logger.LogWarning("The database file {Path} is back: answering again", _path);
        }

        return !moved;
    }

    /// <summary>Throws the <see cref="SqliteException"/> every caller maps to 503 unless the file is intact.</summary>
    public void EnsureIntact()
    {
        if (!IsIntact())
        {
            throw new SqliteException(MovedMessage, SqliteCantOpen);
        }
    }

    /// <summary>
    /// Refuses a freshly opened (or pooled) connection that holds another file than the path names, and makes every
    /// later commit on it check the file again: a commit hook that answers non-zero turns the commit into a rollback.
    /// </summary>
    public void Watch(SqliteConnection connection)
    {
        if (HasMoved(connection))
        {
            throw new SqliteException(MovedMessage, SqliteCantOpen);
        }

        // The hook stays with the physical connection (pooled, it outlives this wrapper): it holds the native handle.
        var handle = connection.Handle!;
        SQLitePCL.raw.sqlite3_commit_hook(handle, _ => AllowsCommit(handle) ? 0 : 1, null);
    }

    /// <summary>Takes the commit hook off a pooled connection that another guard (an earlier host) once watched.</summary>
    public static void Unwatch(SqliteConnection connection) =>
        SQLitePCL.raw.sqlite3_commit_hook(connection.Handle, null, null);

    /// <summary>Runs inside SQLite's commit: it must never throw, since nothing above it could catch.</summary>
    private bool AllowsCommit(SQLitePCL.sqlite3 handle)
    {
        try
        {
            return IsIntact() && !HasMoved(handle);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Could not check the database file {Path} before a commit; the commit is refused", _path);
            return false;
        }
    }

    private static bool HasMoved(SqliteConnection connection) => HasMoved(connection.Handle!);

    private static bool HasMoved(SQLitePCL.sqlite3 handle)
    {
        var moved = 0;
        var rc = NativeMethods.FileControl(handle.DangerousGetHandle(), "main", SqliteFcntlHasMoved, ref moved);
        return rc == 0 && moved != 0;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _sentinel.Dispose();
        }
    }

    private static partial class NativeMethods
    {
        [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control", CallingConvention = CallingConvention.Cdecl)]
        public static extern int FileControl(IntPtr db, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, int op, ref int arg);
    }
}
