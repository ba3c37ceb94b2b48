using Jarvis.Core.Customers;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Tests;

/// <summary>API.md section 7: every change writes its history in the same transaction; the history is read as the customer is.</summary>
public sealed class CustomerHistoryTests
{
    private const long Rapidity = 3134;
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Update_ChangingBothFields_WritesOneRowPerFieldWithWhoWhenAndChannel()
    {
        await using var db = await TestDatabase.CreateAsync();

        await db.ServiceAs("rapidity").UpdateAsync(Rapidity, new CustomerChange("430184/B", "New text"), ChangeChannel.Portal);

        var history = await db.ServiceAs("su").GetHistoryAsync(Rapidity);
        Assert.NotNull(history);
        Assert.Equal(2, history.Total);
        Assert.Equal(
            [
                new CustomerHistoryEntry(Start, "rapidity", CustomerField.Description, null, "New text", ChangeChannel.Portal),
                new CustomerHistoryEntry(Start, "rapidity", CustomerField.Reference, "430184/A", "430184/B", ChangeChannel.Portal),
            ],
            history.Items);
    }

    [Fact]
    public async Task Update_ChangingOneField_WritesOneRowAndAnEmptyStringIsRecordedAsNull()
    {
        await using var db = await TestDatabase.CreateAsync();

        await db.ServiceAs("su").UpdateAsync(1551, new CustomerChange("118822/C", ""), ChangeChannel.Api);

        var entry = Assert.Single((await db.ServiceAs("su").GetHistoryAsync(1551))!.Items);
        Assert.Equal(new CustomerHistoryEntry(Start, "su", CustomerField.Description, "Locator services", null, ChangeChannel.Api), entry);
    }

    [Fact]
    public async Task Update_ThatChangesNoValue_WritesNoHistory()
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await db.ServiceAs("su").UpdateAsync(1551, new CustomerChange("118822/C", "Locator services"), ChangeChannel.Api);

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(result).Modified);
        Assert.Equal(0, await CustomerVersionTests.HistoryRowCountAsync(db));
    }

    [Theory]
    [InlineData("su", 3134L, "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR")] // 51 characters
    [InlineData("su", 3134L, "118822/C")] // 1551's reference
    [InlineData("auditor", 3134L, "X")]
    [InlineData("rapidity", 1551L, "X")]
    public async Task Update_Refused_WritesNoHistory(string user, long id, string reference)
    {
        await using var db = await TestDatabase.CreateAsync();

        Assert.IsType<UpdateResult.Refused>(await db.ServiceAs(user).UpdateAsync(id, new CustomerChange(reference, null), ChangeChannel.Api));

        Assert.Equal(0, await CustomerVersionTests.HistoryRowCountAsync(db));
    }

    [Fact]
    public async Task Update_WhenWritingTheHistoryFails_TheCustomerIsNotChangedEither()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("DROP TABLE JARVIS_CUSTOMER_HISTORY");
        var before = await db.SnapshotAsync();

        await Assert.ThrowsAsync<SqliteException>(() =>
            db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("430184/B", null), ChangeChannel.Api));

        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task GetHistory_IsNewestFirstAndPagedWithTheTotal()
    {
        await using var db = await TestDatabase.CreateAsync();
        var service = db.ServiceAs("su");
        for (var i = 1; i <= 5; i++)
        {
            db.Time.Advance(TimeSpan.FromMinutes(1));
            await service.UpdateAsync(Rapidity, new CustomerChange($"REF-{i}", null), ChangeChannel.Api);
        }

        var all = await service.GetHistoryAsync(Rapidity);
        var page = await service.GetHistoryAsync(Rapidity, offset: 1, limit: 2);
        var beyond = await service.GetHistoryAsync(Rapidity, offset: 5, limit: 2);

        Assert.Equal(["REF-5", "REF-4", "REF-3", "REF-2", "REF-1"], all!.Items.Select(e => e.New));
        Assert.Equal(Start.AddMinutes(5), all.Items[0].ChangedAt);
        Assert.Equal(["REF-4", "REF-3"], page!.Items.Select(e => e.New));
        Assert.Equal(5, page.Total);
        Assert.Empty(beyond!.Items);
        Assert.Equal(5, beyond.Total);
    }

    [Fact]
    public async Task GetHistory_TwoChangesInTheSameSecond_TheLaterComesFirst()
    {
        await using var db = await TestDatabase.CreateAsync();
        var service = db.ServiceAs("su");
        await service.UpdateAsync(Rapidity, new CustomerChange("FIRST", null), ChangeChannel.Api);
        await service.UpdateAsync(Rapidity, new CustomerChange("SECOND", null), ChangeChannel.Api);

        Assert.Equal(["SECOND", "FIRST"], (await service.GetHistoryAsync(Rapidity))!.Items.Select(e => e.New));
    }

    [Theory]
    [InlineData("su", 3134L, true)]
    [InlineData("auditor", 3134L, true)]
    [InlineData("rapidity", 3134L, true)]
    [InlineData("rapidity-view", 3134L, true)]
    [InlineData("operator", 3134L, false)]
    [InlineData(null, 3134L, false)]
    [InlineData("rapidity", 1551L, false)]
    [InlineData("rapidity-view", 1551L, false)]
    [InlineData("su", 999999L, false)]
    public async Task GetHistory_IsVisibleExactlyWhenTheCustomerIs(string? user, long id, bool visible)
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ServiceAs("su").UpdateAsync(3134, new CustomerChange("CHANGED", null), ChangeChannel.Api);
        await db.ServiceAs("su").UpdateAsync(1551, new CustomerChange("CHANGED-TOO", null), ChangeChannel.Api);

        var history = await db.ServiceAs(user).GetHistoryAsync(id);

        Assert.Equal(visible, await db.ServiceAs(user).GetAsync(id) is not null);
        Assert.Equal(visible, history is not null);
        if (history is not null)
        {
            Assert.Equal("CHANGED", Assert.Single(history.Items).New);
        }
    }

    [Fact]
    public async Task GetHistory_VisibleCustomerWithoutChanges_IsAnEmptyPage()
    {
        await using var db = await TestDatabase.CreateAsync();

        var history = await db.ServiceAs("su").GetHistoryAsync(3140);

        Assert.NotNull(history);
        Assert.Empty(history.Items);
        Assert.Equal(0, history.Total);
    }

    [Fact]
    public async Task GetHistory_NegativeOffsetOrLimit_Throws()
    {
        await using var db = await TestDatabase.CreateAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.ServiceAs("su").GetHistoryAsync(Rapidity, offset: -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.ServiceAs("su").GetHistoryAsync(Rapidity, limit: -1));
    }
}
