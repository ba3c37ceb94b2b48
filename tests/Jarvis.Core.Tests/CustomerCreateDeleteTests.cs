using Jarvis.Core.Customers;

namespace Jarvis.Core.Tests;

/// <summary>
/// The rules of API.md section 9 for create and delete, for every demo user. Each refusal is checked against the whole
/// file (every customer, number and history row) before and after: nothing created, nothing deleted.
/// </summary>
public sealed class CustomerCreateDeleteTests
{
    private const long Rapidity = 3134;
    private const long Swift = 3140;
    private const long Harbour = 3141;
    private const long Kiwi = 2001;

    private static Task<CreateResult> CreateAsync(TestDatabase db, string user, string? name, long? parentId = null, string? reference = null, string? description = null) =>
        db.ServiceAs(user).CreateAsync(new NewCustomer(name, reference, description, parentId), ChangeChannel.Api);

    /// <summary>Every customer and number row, and the count of history rows: equal texts mean nothing changed.</summary>
    private static async Task<string> StateAsync(TestDatabase db) =>
        string.Join("\n", await db.SnapshotAsync()) + $"\nhistory rows: {await db.CountAsync("SELECT COUNT(*) FROM JARVIS_CUSTOMER_HISTORY")}";

    [Fact]
    public async Task Create_AsSuBelowRapidity_StoresTheRowWithTheNextFreeIdAndWritesHistory()
    {
        await using var db = await TestDatabase.CreateAsync();
        var maxBefore = (await db.AllCustomerIdsAsync()).Max();

        var result = await CreateAsync(db, "su", "  Rapidity Express Ltd ", Rapidity, "430185/A", "Same-day deliveries");

        var created = Assert.IsType<CreateResult.Created>(result);
        Assert.Equal(maxBefore + 1, created.Id);
        Assert.Equal(new CustomerRow(created.Id, "Rapidity Express Ltd", "430185/A", "Same-day deliveries", Rapidity), await db.ReadRowAsync(created.Id));
        Assert.Equal(CustomerVersion.Of("Rapidity Express Ltd", "430185/A", "Same-day deliveries"), created.Version);
        var history = (await db.ServiceAs("su").GetHistoryAsync(created.Id))!.Items;
        Assert.Equal(
            new[] { (CustomerField.Name, "Rapidity Express Ltd"), (CustomerField.Reference, "430185/A"), (CustomerField.Description, "Same-day deliveries"), (CustomerField.Parent, "3134") }.OrderBy(e => e.Item1),
            history.Select(e => (e.Field, e.New!)).OrderBy(e => e.Field));
        Assert.All(history, e => Assert.Null(e.Old));
        Assert.All(history, e => Assert.Equal("su", e.Username));
    }

    [Fact]
    public async Task Create_AsSuWithoutParent_PutsTheCustomerAtTheTop()
    {
        await using var db = await TestDatabase.CreateAsync();

        var created = Assert.IsType<CreateResult.Created>(await CreateAsync(db, "su", "Top Level Ltd"));

        Assert.Equal(new CustomerRow(created.Id, "Top Level Ltd", null, null, null), await db.ReadRowAsync(created.Id));
        var history = (await db.ServiceAs("su").GetHistoryAsync(created.Id))!.Items;
        Assert.Equal(CustomerField.Name, Assert.Single(history).Field);
    }

    [Fact]
    public async Task Create_AsRapidityWithoutParent_PutsTheCustomerBelowItsOwnCustomer_AndRapiditySeesIt()
    {
        await using var db = await TestDatabase.CreateAsync();

        var created = Assert.IsType<CreateResult.Created>(await CreateAsync(db, "rapidity", "Rapidity Depot Ltd"));

        Assert.Equal(Rapidity, (await db.ReadRowAsync(created.Id))!.ParentCustomerId);
        Assert.NotNull(await db.ServiceAs("rapidity").GetAsync(created.Id));
        Assert.NotNull(await db.ServiceAs("rapidity-view").GetAsync(created.Id));
    }

    [Theory]
    [InlineData("rapidity", Harbour)]
    [InlineData("rapidity", Swift)]
    [InlineData("su", Kiwi)]
    public async Task Create_BelowACustomerTheUserMayChange_IsStored(string user, long parent)
    {
        await using var db = await TestDatabase.CreateAsync();

        var created = Assert.IsType<CreateResult.Created>(await CreateAsync(db, user, "Below Ltd", parent));

        Assert.Equal(parent, (await db.ReadRowAsync(created.Id))!.ParentCustomerId);
    }

    [Theory]
    [InlineData("rapidity", Kiwi)]
    [InlineData("rapidity", 1551L)]
    [InlineData("rapidity", 999999L)]
    [InlineData("su", 999999L)]
    public async Task Create_BelowACustomerTheUserMayNotChangeOrThatDoesNotExist_IsRefusedAndCreatesNothing(string user, long parent)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await StateAsync(db);

        var result = await CreateAsync(db, user, "Below Ltd", parent);

        Assert.Equal(new CreateResult.Refused($"You may not create a customer below customer {parent}.", CustomerField.Parent), result);
        Assert.Equal(before, await StateAsync(db));
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("rapidity-view")]
    [InlineData("operator")]
    [InlineData("guest")]
    [InlineData(null)]
    public async Task Create_ByAUserWithoutAWriteGroup_IsRefusedAndCreatesNothing(string? user)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await StateAsync(db);

        var result = await db.ServiceAs(user).CreateAsync(new NewCustomer("New Ltd", null, null, null), ChangeChannel.Api);

        Assert.Equal(new CreateResult.Refused("You may not create customers."), result);
        Assert.Equal(before, await StateAsync(db));
    }

    [Theory]
    [InlineData(null, "Name is required")]
    [InlineData("", "Name is required")]
    [InlineData("   \t ", "Name is required")]
    [InlineData("Bad\u0007Name", "Name must not contain control characters")]
    [InlineData("Two\nLines", "Name must not contain control characters")]
    [InlineData("RAPIDITY INC", "Customer name 'RAPIDITY INC' is already in use")]
    [InlineData(" rapidity inc ", "Customer name 'rapidity inc' is already in use")]
    [InlineData("ñANDÚ CAFÉ", "Customer name 'ñANDÚ CAFÉ' is already in use")]
    public async Task Create_NameBreakingARule_IsRefusedAtTheNameAndCreatesNothing(string? name, string message)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await StateAsync(db);

        var result = await CreateAsync(db, "su", name);

        Assert.Equal(new CreateResult.Refused(message, CustomerField.Name), result);
        Assert.Equal(before, await StateAsync(db));
    }

    [Fact]
    public async Task Create_NameOf51Characters_IsRefusedAsTooLong_And50AreStored()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await StateAsync(db);

        Assert.Equal(new CreateResult.Refused("Name is too long", CustomerField.Name), await CreateAsync(db, "su", new string('N', 51)));
        Assert.Equal(before, await StateAsync(db));
        Assert.IsType<CreateResult.Created>(await CreateAsync(db, "su", new string('N', 50)));
    }

    [Theory]
    [InlineData(51, 0, "Customer reference is too long", CustomerField.Reference)]
    [InlineData(0, 256, "Description is too long", CustomerField.Description)]
    public async Task Create_OtherFieldBreakingThePutRules_IsRefusedAndCreatesNothing(int referenceLength, int descriptionLength, string message, CustomerField field)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await StateAsync(db);

        var result = await CreateAsync(db, "su", "Fine Name Ltd", null, new string('R', referenceLength), new string('D', descriptionLength));

        Assert.Equal(new CreateResult.Refused(message, field), result);
        Assert.Equal(before, await StateAsync(db));
    }

    [Fact]
    public async Task Create_ReferenceUsedByAnotherCustomer_IsRefusedAndCreatesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await StateAsync(db);

        var result = await CreateAsync(db, "su", "Fine Name Ltd", null, "430184/A");

        Assert.Equal(new CreateResult.Refused("Customer reference '430184/A' is already in use by another customer", CustomerField.Reference), result);
        Assert.Equal(before, await StateAsync(db));
    }

    [Fact]
    public async Task Create_TwoOfTheSameNameAtOnce_OneWinsAndTheOtherIsRefused()
    {
        await using var db = await TestDatabase.CreateAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => CreateAsync(db, "su", i % 2 == 0 ? "Race Ltd" : "RACE LTD"))));

        Assert.Single(results.OfType<CreateResult.Created>());
        Assert.All(results.OfType<CreateResult.Refused>(), r => Assert.Equal(CustomerField.Name, r.Field));
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM ACS_CUSTOMER WHERE upper(NAME) = 'RACE LTD'"));
    }

    [Fact]
    public async Task Delete_AsSu_RemovesTheCustomerAndWritesHistoryThatStaysReadable()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = Assert.IsType<CreateResult.Created>(await CreateAsync(db, "su", "Short Lived Ltd", Kiwi, "SL-1")).Id;

        var result = await db.ServiceAs("su").DeleteAsync(id, ChangeChannel.Portal);

        Assert.Equal(new DeleteResult.Deleted(1), result);
        Assert.Null(await db.ReadRowAsync(id));
        var history = (await db.ServiceAs("su").GetHistoryAsync(id))!.Items;
        var deletion = history.Where(e => e.New is null).ToList();
        Assert.Equal(
            new[] { (CustomerField.Name, "Short Lived Ltd"), (CustomerField.Reference, "SL-1"), (CustomerField.Parent, "2001") }.OrderBy(e => e.Item1),
            deletion.Select(e => (e.Field, e.Old!)).OrderBy(e => e.Field));
        Assert.All(deletion, e => Assert.Equal(ChangeChannel.Portal, e.Via));
        Assert.Null(await db.ServiceAs("rapidity").GetHistoryAsync(id));
    }

    [Fact]
    public async Task Delete_AsRapidity_RemovesACustomerBelowItsOwn()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = Assert.IsType<CreateResult.Created>(await CreateAsync(db, "rapidity", "Depot Ltd", Harbour)).Id;

        Assert.Equal(new DeleteResult.Deleted(1), await db.ServiceAs("rapidity").DeleteAsync(id, ChangeChannel.Api));
        Assert.Null(await db.ReadRowAsync(id));
    }

    [Theory]
    [InlineData("rapidity", Rapidity)]
    [InlineData("rapidity", Kiwi)]
    [InlineData("rapidity", 999999L)]
    [InlineData("rapidity-view", Harbour)]
    [InlineData("auditor", Harbour)]
    [InlineData("operator", Harbour)]
    [InlineData("guest", Harbour)]
    [InlineData(null, Harbour)]
    public async Task Delete_ACustomerTheUserMayNotDelete_IsRefusedWithOneAnswerAndDeletesNothing(string? user, long id)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await StateAsync(db);

        var result = await db.ServiceAs(user).DeleteAsync(id, ChangeChannel.Api);

        Assert.Equal(new DeleteResult.Refused($"You may not delete customer {id}."), result);
        Assert.Equal(before, await StateAsync(db));
    }

    [Fact]
    public async Task Delete_AsSuAnIdNoCustomerHas_ReportsNothingDeleted()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await StateAsync(db);

        Assert.Equal(new DeleteResult.Deleted(0), await db.ServiceAs("su").DeleteAsync(999999, ChangeChannel.Api));
        Assert.Equal(before, await StateAsync(db));
    }

    [Theory]
    [InlineData("su", Rapidity, "Customer 3134 still has service numbers.")]
    [InlineData("su", Swift, "Customer 3140 still has service numbers.")]
    [InlineData("rapidity", Swift, "Customer 3140 still has service numbers.")]
    public async Task Delete_ACustomerWithServiceNumbers_IsRefusedAndDeletesNothing(string user, long id, string message)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await StateAsync(db);

        Assert.Equal(new DeleteResult.Refused(message), await db.ServiceAs(user).DeleteAsync(id, ChangeChannel.Api));
        Assert.Equal(before, await StateAsync(db));
    }

    [Fact]
    public async Task Delete_ACustomerWithCustomersBelowIt_IsRefusedAndDeletesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("DELETE FROM ACS_CUSTOMER_SN WHERE CUSTOMER_ID = 3140");
        var before = await StateAsync(db);

        var result = await db.ServiceAs("rapidity").DeleteAsync(Swift, ChangeChannel.Api);

        Assert.Equal(new DeleteResult.Refused("Customer 3140 still has customers below it."), result);
        Assert.Equal(before, await StateAsync(db));
    }

    [Fact]
    public async Task Delete_WithTheVersionRead_Deletes_AndWithAnOlderOne_IsAConflictThatDeletesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var su = db.ServiceAs("su");
        var id = Assert.IsType<CreateResult.Created>(await CreateAsync(db, "su", "Versioned Ltd")).Id;
        var read = (await su.GetAsync(id))!.Version;
        await su.UpdateAsync(id, new CustomerChange("V-2", null));
        var before = await StateAsync(db);

        Assert.Equal(new DeleteResult.Conflict($"Customer {id} was changed by someone else since you read it."), await su.DeleteAsync(id, ChangeChannel.Api, read));
        Assert.Equal(before, await StateAsync(db));
        Assert.Equal(new DeleteResult.Deleted(1), await su.DeleteAsync(id, ChangeChannel.Api, (await su.GetAsync(id))!.Version));
    }

    [Fact]
    public async Task Update_BadBodyForAnIdNoCustomerHas_IsRefusedForTheBodyForEveryUser()
    {
        await using var db = await TestDatabase.CreateAsync();

        foreach (var user in new[] { "su", "rapidity", "auditor" })
        {
            var result = await db.ServiceAs(user).UpdateAsync(999999, new CustomerChange(new string('R', 51), null));
            Assert.Equal(new UpdateResult.Refused("Customer reference is too long", CustomerField.Reference), result);
        }
    }
}
