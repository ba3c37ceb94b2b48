using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Data;

/// <summary>Outcome of a backup: the copy's size, or why there is none.</summary>
public abstract record BackupResult
{
    public sealed record Done(string Path, long Bytes) : BackupResult;

    public sealed record Refused(string Message) : BackupResult;
}

/// <summary>
/// A consistent copy of the embedded database while the portal runs, through SQLite's online backup API: the copy
/// holds every committed transaction (including those still in the WAL file) and nothing half-written.
/// Oracle is backed up by the site's own tools (RMAN).
/// </summary>
public sealed class DatabaseBackup(JarvisDatabase database)
{
    public const string OracleMessage =
        "The database is Oracle: back it up with the site's own tools (RMAN). Jarvis's own tables are JARVIS_USER, " +
        "JARVIS_USER_GROUP, JARVIS_SESSION and JARVIS_DATA_PROTECTION_KEY (see docs/OPERATIONS.md, Backups and restore).";

    public static string Exists(string path) => $"{path} already exists; give --overwrite to replace it.";

    public async Task<BackupResult> CopyToAsync(string path, bool overwrite, CancellationToken cancellationToken = default)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return new BackupResult.Refused(OracleMessage);
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return new BackupResult.Refused($"{path} is a directory; give a file name.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            return new BackupResult.Refused($"The folder of {path} does not exist.");
        }

        if (File.Exists(full) && !overwrite)
        {
            return new BackupResult.Refused(Exists(path));
        }

        // Written next to the target and renamed: a failed or interrupted backup never leaves a half file under PATH.
        var partial = full + ".partial";
        File.Delete(partial);
        try
        {
            await using (var source = (SqliteConnection)await database.OpenAsync(cancellationToken))
            await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                target.Open();
                source.BackupDatabase(target);
            }

            File.Move(partial, full, overwrite);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        return new BackupResult.Done(full, new FileInfo(full).Length);
    }
}
