using Dapper;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Tests;

/// <summary>The embedded file deleted or replaced under a running process (API.md section 6): no write confirmed outside it.</summary>
public sealed class DatabaseFileGuardTests
{
    [Fact]
    public async Task Commit_AfterTheFileWasDeletedMidTransaction_FailsAndConfirmsNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var connection = await db.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("UPDATE ACS_CUSTOMER SET DESCRIPTION = 'lost' WHERE ID = 3134", transaction: transaction);

        File.Delete(db.FilePath);

        await Assert.ThrowsAsync<SqliteException>(() => transaction.CommitAsync());
    }

    [Fact]
    public async Task Open_AfterTheFileWasDeleted_ThrowsAndCreatesNoEmptyFile()
    {
        await using var db = await TestDatabase.CreateAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(db.FilePath + suffix);
        }

        await Assert.ThrowsAsync<SqliteException>(() => db.Database.OpenAsync());
        Assert.False(File.Exists(db.FilePath));
    }

    [Fact]
    public async Task Open_AfterTheFileWasReplacedByACopy_Throws_AndAfterTheOriginalIsBack_Works()
    {
        await using var db = await TestDatabase.CreateAsync();
        var original = db.FilePath + ".original";
        await db.ExecuteAsync($"VACUUM INTO '{db.FilePath}.copy'");

        File.Move(db.FilePath, original);
        File.Move(db.FilePath + ".copy", db.FilePath);
        await Assert.ThrowsAsync<SqliteException>(() => db.Database.OpenAsync());

        File.Move(original, db.FilePath, overwrite: true);
        await using var connection = await db.Database.OpenAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ACS_CUSTOMER WHERE ID = 3134"));
    }
}
