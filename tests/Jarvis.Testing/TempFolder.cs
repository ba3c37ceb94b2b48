using Microsoft.Data.Sqlite;

namespace Jarvis.Testing;

/// <summary>
/// A fresh folder under the temp directory for one test's database files. Dispose closes SQLite's pooled
/// connections (they hold the files open) and deletes the folder.
/// </summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string PathOf(string fileName) => System.IO.Path.Combine(Path, fileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a failing test is left in the temp folder; it affects no other test.
        }
    }
}
