using Jarvis.Core.Customers;

namespace Jarvis.Core.Tests;

/// <summary>The rules of API.md section 4 for PUT: each refusal changes nothing, read back from the file.</summary>
public sealed class CustomerUpdateTests
{
    private const long Rapidity = 3134;

    [Fact]
    public async Task Update_AsSu_StoresBothFieldsAndReportsOneModified()
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("430184/B", "This is a test update"));

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(result).Modified);
        Assert.Equal(new CustomerRow(Rapidity, "Rapidity Inc", "430184/B", "This is a test update", null), await db.ReadRowAsync(Rapidity));
    }

    [Fact]
    public async Task Update_ReferenceOf51Characters_IsRefusedAsTooLongAndChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange(new string('R', 51), "new description"));

        Assert.Equal(new UpdateResult.Refused("Customer reference is too long", CustomerField.Reference), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_ReferenceOfExactly50Characters_IsStored()
    {
        await using var db = await TestDatabase.CreateAsync();
        var reference = new string('R', 50);

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange(reference, null));

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(result).Modified);
        Assert.Equal(reference, (await db.ReadRowAsync(Rapidity))!.CustomerReference);
    }

    [Fact]
    public async Task Update_ReferenceOf50CodePointsOutsideTheBmp_IsStoredBecauseLengthCountsCharactersNotUtf16Units()
    {
        await using var db = await TestDatabase.CreateAsync();
        var reference = string.Concat(Enumerable.Repeat("😀", 50)); // 100 UTF-16 units, 50 characters

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange(reference, null));

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(result).Modified);
        Assert.Equal(reference, (await db.ReadRowAsync(Rapidity))!.CustomerReference);
    }

    [Fact]
    public async Task Update_ReferenceOf51CodePointsOutsideTheBmp_IsRefusedAsTooLong()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange(string.Concat(Enumerable.Repeat("😀", 51)), null));

        Assert.Equal(new UpdateResult.Refused(CustomerRules.ReferenceTooLong, CustomerField.Reference), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_DescriptionOf256Characters_IsRefusedAsTooLongAndChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("NEW-REF", new string('d', 256)));

        Assert.Equal(new UpdateResult.Refused("Description is too long", CustomerField.Description), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_DescriptionOfExactly255CharactersWithLineBreaksAndTabs_IsStored()
    {
        await using var db = await TestDatabase.CreateAsync();
        var description = "line one\r\n\tline two\n" + new string('d', 255 - 20);

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange(null, description));

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(result).Modified);
        Assert.Equal(description, (await db.ReadRowAsync(Rapidity))!.Description);
    }

    [Theory]
    [InlineData("430184\n")]
    [InlineData("430\t184")]
    [InlineData("430\u0000184")]
    [InlineData("430\u001b[31m")]
    [InlineData("430\u007f")]
    [InlineData("430\u0085")]
    public async Task Update_ControlCharacterInReference_IsRefusedAndChangesNothing(string reference)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange(reference, "new description"));

        var refused = Assert.IsType<UpdateResult.Refused>(result);
        Assert.Equal(CustomerField.Reference, refused.Field);
        Assert.Contains("control characters", refused.Message);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_ControlCharacterOtherThanLineBreakOrTabInDescription_IsRefusedAndChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange(null, "bell\u0007"));

        Assert.Equal(new UpdateResult.Refused(CustomerRules.DescriptionControlCharacters, CustomerField.Description), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_ReferenceUsedByAnotherCustomer_IsRefusedNamingTheReferenceNotTheCustomerAndChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("KIWI-1", "new description"));

        var refused = Assert.IsType<UpdateResult.Refused>(result);
        Assert.Equal(CustomerField.Reference, refused.Field);
        Assert.Contains("'KIWI-1'", refused.Message);
        Assert.Contains("already in use", refused.Message);
        Assert.DoesNotContain("Kiwi Ltd", refused.Message);
        Assert.DoesNotContain("2001", refused.Message);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_KeepingTheCustomersOwnReference_IsNotADuplicate()
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await db.ServiceAs("su").UpdateAsync(Rapidity, new CustomerChange("430184/A", "same reference"));

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(result).Modified);
        Assert.Equal(new CustomerRow(Rapidity, "Rapidity Inc", "430184/A", "same reference", null), await db.ReadRowAsync(Rapidity));
    }

    [Fact]
    public async Task Update_EmptyStrings_StoreNull()
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await db.ServiceAs("su").UpdateAsync(1551, new CustomerChange("", ""));

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(result).Modified);
        Assert.Equal(new CustomerRow(1551, "Rapidity Locators Inc", null, null, null), await db.ReadRowAsync(1551));
    }

    [Fact]
    public async Task Update_Nulls_StoreNull()
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await db.ServiceAs("su").UpdateAsync(1551, new CustomerChange(null, null));

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(result).Modified);
        Assert.Equal(new CustomerRow(1551, "Rapidity Locators Inc", null, null, null), await db.ReadRowAsync(1551));
    }

    [Fact]
    public async Task Update_TwoCustomersClearedToNullReference_IsNotADuplicate()
    {
        await using var db = await TestDatabase.CreateAsync();

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(await db.ServiceAs("su").UpdateAsync(3134, new CustomerChange(null, null))).Modified);
        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(await db.ServiceAs("su").UpdateAsync(1551, new CustomerChange("", null))).Modified);
    }

    [Fact]
    public async Task Update_AsSuOnAMissingId_ReportsZeroModifiedAndChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(999_999, new CustomerChange("NEW-REF", null));

        Assert.Equal(new UpdateResult.Updated(0), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_AsSuOnAMissingIdWithAReferenceInUse_ReportsZeroModifiedLikeAnyMissingId()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(999_999, new CustomerChange("KIWI-1", null));

        Assert.Equal(new UpdateResult.Updated(0), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_AsSuOnAMissingIdWithATooLongReference_IsRefusedForTheReferenceBecauseValuesAreCheckedFirst()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(999_999, new CustomerChange(new string('R', 51), null));

        Assert.Equal(new UpdateResult.Refused("Customer reference is too long", CustomerField.Reference), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_AsRapidityOnAMissingId_IsRefusedLikeAnInvisibleCustomer()
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("rapidity").UpdateAsync(999_999, new CustomerChange("NEW-REF", null));

        Assert.Equal(new UpdateResult.Refused("You may not change customer 999999."), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Theory]
    [InlineData(1551L, "KIWI-1")]
    [InlineData(999_999L, "KIWI-1")]
    [InlineData(1551L, "430184/A")]
    public async Task Update_AsRapidityOnAnInvisibleOrMissingIdWithAReferenceInUse_GivesTheOneNoProbingRefusal(long id, string reference)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("rapidity").UpdateAsync(id, new CustomerChange(reference, null));

        Assert.Equal(new UpdateResult.Refused($"You may not change customer {id}."), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_AsRapidityOnAnInvisibleIdWithATooLongReference_GivesTheReferenceRefusal_WhichSaysNothingOfTheId()
    {
        await using var db = await TestDatabase.CreateAsync();

        var invisible = await db.ServiceAs("rapidity").UpdateAsync(1551, new CustomerChange(new string('R', 51), null));
        var missing = await db.ServiceAs("rapidity").UpdateAsync(999_999, new CustomerChange(new string('R', 51), null));

        Assert.Equal(new UpdateResult.Refused("Customer reference is too long", CustomerField.Reference), invisible);
        Assert.Equal(invisible, missing);
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("rapidity-view")]
    [InlineData("operator")]
    [InlineData("guest")]
    [InlineData(null)]
    public async Task Update_ByAUserWithoutWriteRight_IsRefusedAndChangesNothing(string? username)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs(username).UpdateAsync(Rapidity, new CustomerChange("NEW-REF", "new description"));

        Assert.Equal(new UpdateResult.Refused("You may not change customer 3134."), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Update_RefusedForADuplicate_LeavesTheDescriptionUnchangedToo()
    {
        await using var db = await TestDatabase.CreateAsync();

        await db.ServiceAs("su").UpdateAsync(1551, new CustomerChange("430184/A", "would be lost"));

        Assert.Equal(new CustomerRow(1551, "Rapidity Locators Inc", "118822/C", "Locator services", null), await db.ReadRowAsync(1551));
    }
}
