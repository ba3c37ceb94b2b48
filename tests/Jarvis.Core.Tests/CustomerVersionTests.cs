using Jarvis.Core.Customers;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Tests;

/// <summary>API.md section 7: the version of a customer, and an update that names the version it was based on.</summary>
public sealed class CustomerVersionTests
{
    private const long Rapidity = 3134;

    [Fact]
    public void Of_IsLowerCaseHexSha256AndTheSameForTheSameValues()
    {
        var version = CustomerVersion.Of("Rapidity Inc", "430184/A", null);

        Assert.Matches("^[0-9a-f]{64}$", version);
        Assert.Equal(version, CustomerVersion.Of("Rapidity Inc", "430184/A", null));
    }

    [Theory]
    [InlineData("Rapidity Inc", "430184/A", "")]
    [InlineData("Rapidity Inc", "430184/B", null)]
    [InlineData("Rapidity Inc.", "430184/A", null)]
    [InlineData("Rapidity Inc", null, "430184/A")]
    [InlineData("Rapidity Inc430184/A", null, null)]
    [InlineData("Rapidity Inc", "430184/", "A")]
    public void Of_DiffersWhenAnyValueOrTheSplitBetweenThemDiffers(string name, string? reference, string? description)
    {
        Assert.NotEqual(CustomerVersion.Of("Rapidity Inc", "430184/A", null), CustomerVersion.Of(name, reference, description));
    }

    [Fact]
    public async Task Get_VersionChangesWhenTheCustomerIsUpdatedAndIsReturnedByTheUpdate()
    {
        await using var db = await TestDatabase.CreateAsync();
        var service = db.ServiceAs("su");
        var before = (await service.GetAsync(Rapidity))!.Version;

        var result = Assert.IsType<UpdateResult.Updated>(
            await service.UpdateAsync(Rapidity, new CustomerChange("430184/B", null), ChangeChannel.Api, before));

        var after = (await service.GetAsync(Rapidity))!.Version;
        Assert.NotEqual(before, after);
        Assert.Equal(after, result.Version);
    }

    [Fact]
    public async Task Update_TwoServicesReadTheSameCustomer_TheSecondSaveIsRefusedAndWritesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var first = db.ServiceAs("su");
        var second = db.ServiceAs("rapidity");
        var readByFirst = (await first.GetAsync(Rapidity))!.Version;
        var readBySecond = (await second.GetAsync(Rapidity))!.Version;
        Assert.Equal(readByFirst, readBySecond);

        var saved = await first.UpdateAsync(Rapidity, new CustomerChange("FIRST", "first description"), ChangeChannel.Portal, readByFirst);
        var afterFirst = await db.SnapshotAsync();
        var historyAfterFirst = await HistoryRowCountAsync(db);
        var refused = await second.UpdateAsync(Rapidity, new CustomerChange("SECOND", null), ChangeChannel.Portal, readBySecond);

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(saved).Modified);
        Assert.Equal(new UpdateResult.Conflict("Customer 3134 was changed by someone else since you read it."), refused);
        Assert.Equal(afterFirst, await db.SnapshotAsync());
        Assert.Equal(historyAfterFirst, await HistoryRowCountAsync(db));
        Assert.Equal(2, historyAfterFirst);
    }

    [Fact]
    public async Task Update_TwoWritersWithTheSameVersionAtOnce_ExactlyOneWinsBecauseCheckAndWriteShareTheLock()
    {
        await using var db = await TestDatabase.CreateAsync();
        var version = (await db.ServiceAs("su").GetAsync(Rapidity))!.Version;
        // Hold the write lock so that both updates are waiting when it is released.
        await using var blocker = new SqliteConnection(db.DatabaseOptions.ConnectionString + ";Pooling=False");
        await blocker.OpenAsync();
        var tx = blocker.BeginTransaction();

        var one = Task.Run(() => db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("ONE", null), ChangeChannel.Api, version));
        var two = Task.Run(() => db.ServiceAs("rapidity").UpdateAsync(Rapidity, new CustomerChange("TWO", null), ChangeChannel.Api, version));
        await Task.Delay(200);
        tx.Commit();
        tx.Dispose();
        var results = await Task.WhenAll(one, two).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(results.OfType<UpdateResult.Updated>());
        Assert.Single(results.OfType<UpdateResult.Conflict>());
        var winner = results[0] is UpdateResult.Updated ? "ONE" : "TWO";
        Assert.Equal(winner, (await db.ReadRowAsync(Rapidity))!.CustomerReference);
        Assert.Equal(1, await HistoryRowCountAsync(db));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a version")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Update_WithAVersionThatIsNotTheCurrentOne_IsAConflictAndChangesNothing(string version)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("X", null), ChangeChannel.Api, version);

        Assert.IsType<UpdateResult.Conflict>(result);
        Assert.Equal(before, await db.SnapshotAsync());
        Assert.Equal(0, await HistoryRowCountAsync(db));
    }

    [Fact]
    public async Task Update_StaleVersionAndInvalidInput_AnswersTheInvalidInputFirst()
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange(new string('R', 51), null), ChangeChannel.Api, "stale");

        Assert.Equal(new UpdateResult.Refused("Customer reference is too long", CustomerField.Reference), result);
    }

    [Fact]
    public async Task Update_CustomerThatDoesNotExist_IsAConflictForSuWithAVersionAndModifiedZeroWithout()
    {
        await using var db = await TestDatabase.CreateAsync();

        Assert.Equal(new UpdateResult.Conflict("Customer 999999 was changed by someone else since you read it."),
            await db.ServiceAs("su").UpdateAsync(999_999, new CustomerChange("X", null), ChangeChannel.Api, "any"));
        Assert.Equal(new UpdateResult.Updated(0), await db.ServiceAs("su").UpdateAsync(999_999, new CustomerChange("X", null), ChangeChannel.Api));
    }

    [Fact]
    public async Task Update_CustomerTheUserMayNotSee_IsTheSameRefusalWithOrWithoutAVersion()
    {
        await using var db = await TestDatabase.CreateAsync();
        var version = (await db.ServiceAs("su").GetAsync(1551))!.Version;

        var result = await db.ServiceAs("rapidity").UpdateAsync(1551, new CustomerChange("X", null), ChangeChannel.Api, version);

        Assert.Equal(new UpdateResult.Refused("You may not change customer 1551."), result);
    }

    internal static async Task<long> HistoryRowCountAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM JARVIS_CUSTOMER_HISTORY";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
