using Jarvis.Portal.Tests.Api;
using Microsoft.Data.Sqlite;

namespace Jarvis.Portal.Tests.Operations;

/// <summary><c>backup PATH</c>: a consistent, complete copy of the embedded database, also while it is being written.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly DatabaseFile _database = new();

    [Fact]
    public async Task Backup_WhileAnotherConnectionKeepsWriting_IsCompleteAndOpens()
    {
        await CommandRunner.RunAsync(_database, null, "users", "list"); // creates and seeds the file
        var target = Path.Combine(_database.Folder, "copy.db");
        using var stop = new CancellationTokenSource();
        var committed = 0L;
        var writer = Task.Run(() =>
        {
            using var connection = new SqliteConnection(_database.ConnectionString + ";Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO JARVIS_SESSION (ID_HASH, USER_ID, CREATED_AT, EXPIRES_AT) VALUES ($id, 1, 0, 0)";
            var id = command.Parameters.Add("$id", SqliteType.Text);
            while (!stop.IsCancellationRequested)
            {
                id.Value = Guid.NewGuid().ToString("N");
                command.ExecuteNonQuery();
                Interlocked.Increment(ref committed);
                // A busy portal, not a tight loop: a writer that never pauses can starve other writers past their
                // busy timeout (the command's start-up opens the schema too).
                Thread.Sleep(1);
            }
        });
        while (Interlocked.Read(ref committed) < 200)
        {
            await Task.Delay(10);
        }

        var before = Interlocked.Read(ref committed);
        var run = await CommandRunner.RunAsync(_database, null, "backup", target);
        var after = Interlocked.Read(ref committed);
        await stop.CancelAsync();
        await writer;

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith($"Backed up the database to {target}", run.Out, StringComparison.Ordinal);
        using var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        copy.Open();
        Assert.Equal("ok", Scalar(copy, "PRAGMA integrity_check"));
        var sessions = (long)Scalar(copy, "SELECT COUNT(*) FROM JARVIS_SESSION")!;
        Assert.InRange(sessions, before, after + 1);
        Assert.Equal(_database.Scalar("SELECT COUNT(*) FROM ACS_CUSTOMER"), Scalar(copy, "SELECT COUNT(*) FROM ACS_CUSTOMER"));
        Assert.Equal(6L, Scalar(copy, "SELECT COUNT(*) FROM JARVIS_USER"));
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task Backup_ToAnExistingFile_IsRefusedAndLeavesIt_UnlessOverwriteIsGiven()
    {
        var target = Path.Combine(_database.Folder, "existing.db");
        await File.WriteAllTextAsync(target, "keep me");

        var refused = await CommandRunner.RunAsync(_database, null, "backup", target);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"{target} already exists; give --overwrite to replace it.", refused.Error.Trim());
        Assert.Equal("keep me", await File.ReadAllTextAsync(target));

        var replaced = await CommandRunner.RunAsync(_database, null, "backup", target, "--overwrite");

        Assert.Equal(0, replaced.ExitCode);
        using var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        copy.Open();
        Assert.Equal(6L, Scalar(copy, "SELECT COUNT(*) FROM JARVIS_USER"));
    }

    [Theory]
    [InlineData]
    [InlineData("a.db", "b.db")]
    public async Task Backup_WithoutExactlyOnePath_ShowsUsage(params string[] args)
    {
        var run = await CommandRunner.RunAsync(_database, null, ["backup", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("usage: backup PATH [--overwrite]", run.Error.Trim());
    }

    public void Dispose() => _database.Dispose();

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
