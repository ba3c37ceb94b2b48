using Microsoft.Data.Sqlite;

namespace Jarvis.Testing;

/// <summary>
/// A fresh folder under the temp directory for one test's database files. Dispose closes SQLite's pooled
/// connections (they hold the files open) and deletes the folder.
/// </summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = Create(prefix);

    public string PathOf(string fileName) => System.IO.Path.Combine(Path, fileName);

    public void Dispose() => Delete(Path);

    /// <summary>Creates <c>TEMP/prefix/random</c> and returns its path.</summary>
    public static string Create(string prefix)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Clears SQLite's pools and deletes the folder, if it is still there.</summary>
    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Gone already (a test took the database down), or a file still held open by a failing test is left in
            // the temp folder; neither affects other tests.
        }
    }
}
