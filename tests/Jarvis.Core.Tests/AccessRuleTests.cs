using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Security;

namespace Jarvis.Core.Tests;

/// <summary>
/// Every row of the access rules (API.md section 3, DEMO-DATA.md) for every demo user: search, get by id, update.
/// </summary>
public sealed class AccessRuleTests(DemoDatabaseFixture fixture) : IClassFixture<DemoDatabaseFixture>
{
    private static readonly long[] RapidityTree = [3134, 3140, 3141];

    /// <summary>The ids probed per user: every fixed customer, two generated ones and one that does not exist.</summary>
    private static readonly long[] ProbedIds = [3134, 1551, 3140, 3141, 2001, 2002, 2003, 10000, 10249, 999_999];

    /// <summary>user, sees every customer, sees only these (when not every), may change what they see.</summary>
    private static readonly (string? User, bool SeesAll, long[] Sees, bool Changes)[] Rules =
    [
        ("su", true, [], true),
        ("auditor", true, [], false),
        ("rapidity", false, RapidityTree, true),
        ("rapidity-view", false, RapidityTree, false),
        ("operator", false, [], false),
        ("guest", false, [], false),
        (null, false, [], false),
    ];

    public static TheoryData<string?> AllUsers => [.. Rules.Select(r => r.User)];

    public static TheoryData<string?, long, bool, bool> GetRows
    {
        get
        {
            var rows = new TheoryData<string?, long, bool, bool>();
            foreach (var rule in Rules)
            {
                foreach (var id in ProbedIds)
                {
                    var exists = id != 999_999;
                    var visible = exists && (rule.SeesAll || rule.Sees.Contains(id));
                    rows.Add(rule.User, id, visible, visible && rule.Changes);
                }
            }

            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(AllUsers))]
    public async Task Search_WithoutTerm_ReturnsExactlyTheCustomersTheUserMaySee(string? user)
    {
        var rule = Rules.Single(r => r.User == user);
        var expected = rule.SeesAll ? await fixture.Db.AllCustomerIdsAsync() : rule.Sees.Order().ToList();

        var ids = await fixture.Db.ServiceAs(user).SearchAsync(new CustomerQuery(null)).Select(c => c.Id).ToListAsync();

        Assert.Equal(expected, ids.Order().ToList());
        Assert.Equal(expected.Count, await fixture.Db.ServiceAs(user).CountAsync(null));
    }

    [Theory]
    [MemberData(nameof(AllUsers))]
    public async Task Search_ForATermMatchingVisibleAndInvisibleCustomers_ReturnsOnlyVisibleOnes(string? user)
    {
        // "Inc" matches Rapidity Inc (3134), Rapidity Locators Inc (1551) and generated customers.
        var rule = Rules.Single(r => r.User == user);

        var ids = await fixture.Db.ServiceAs(user).SearchAsync(new CustomerQuery("inc")).Select(c => c.Id).ToListAsync();

        if (rule.SeesAll)
        {
            Assert.Contains(1551, ids);
            Assert.Contains(ids, id => id >= DemoData.FirstGeneratedId);
        }
        else
        {
            Assert.Equal(rule.Sees.Length == 0 ? [] : [3134L], ids);
        }
    }

    [Theory]
    [MemberData(nameof(GetRows))]
    public async Task Get_ReturnsTheCustomerWhenVisibleAndNullOtherwiseWithTheRightCanChange(string? user, long id, bool visible, bool canChange)
    {
        var details = await fixture.Db.ServiceAs(user).GetAsync(id);

        if (!visible)
        {
            Assert.Null(details);
            return;
        }

        Assert.NotNull(details);
        Assert.Equal(id, details.Id);
        Assert.Equal((await fixture.Db.ReadRowAsync(id))!.Name, details.Name);
        Assert.Equal(canChange, details.CanChange);
    }

    [Theory]
    [MemberData(nameof(GetRows))]
    public async Task Update_IsAllowedExactlyWhenTheUserMayChangeTheCustomer(string? user, long id, bool visible, bool canChange)
    {
        await using var db = await TestDatabase.CreateAsync();
        var before = await db.SnapshotAsync();
        var rowBefore = await db.ReadRowAsync(id);

        var result = await db.ServiceAs(user).UpdateAsync(id, new CustomerChange($"NEW-{id}", "changed by the test"));

        var suOnMissing = user == "su" && rowBefore is null;
        if (canChange)
        {
            Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(result).Modified);
            Assert.Equal(rowBefore! with { CustomerReference = $"NEW-{id}", Description = "changed by the test" }, await db.ReadRowAsync(id));
            return;
        }

        Assert.False(visible && canChange);
        Assert.Equal(suOnMissing ? new UpdateResult.Updated(0) : new UpdateResult.Refused($"You may not change customer {id}."), result);
        Assert.Equal(before, await db.SnapshotAsync());
    }

    [Fact]
    public async Task Scope_AcsUserInAnAdminWriteGroup_StillSeesOnlyTheirOwnTree()
    {
        var user = new JarvisUser(90, "reseller-boss", UserType.Acs, 3134, ["ACS_BOSS", "AcsPermissionLevel7"]);

        var ids = await fixture.Db.ServiceAs(user).SearchAsync(new CustomerQuery(null)).Select(c => c.Id).ToListAsync();

        Assert.Equal(RapidityTree, ids.Order());
    }

    [Fact]
    public async Task Scope_SmfUserInOnlyALoginGroup_SeesNothing()
    {
        var user = new JarvisUser(91, "writer", UserType.Smf, null, ["ACS_WRITE", "Subscriber Admin"]);

        Assert.Empty(await fixture.Db.ServiceAs(user).SearchAsync(new CustomerQuery(null)).ToListAsync());
        Assert.Null(await fixture.Db.ServiceAs(user).GetAsync(3134));
    }

    [Fact]
    public async Task Scope_AcsUserWithoutOwnCustomer_SeesNothing()
    {
        var user = new JarvisUser(92, "orphan", UserType.Acs, null, ["AcsPermissionLevel6"]);

        Assert.Equal(0, await fixture.Db.ServiceAs(user).CountAsync(null));
        Assert.Null(await fixture.Db.ServiceAs(user).GetAsync(3134));
    }

    [Fact]
    public async Task Scope_AcsUserWhoseOwnCustomerDoesNotExist_SeesNothing()
    {
        var user = new JarvisUser(93, "ghost", UserType.Acs, 999_999, ["AcsPermissionLevel6"]);

        Assert.Equal(0, await fixture.Db.ServiceAs(user).CountAsync(null));
        Assert.Empty(await fixture.Db.ServiceAs(user).SearchAsync(new CustomerQuery(null)).ToListAsync());
    }

    [Fact]
    public async Task Scope_GroupListsComeFromConfiguration()
    {
        await using var db = await TestDatabase.CreateAsync(new SecurityOptions
        {
            AdminReadGroups = ["Site Readers"],
            AdminWriteGroups = ["Site Writers"],
        });
        var reader = new JarvisUser(94, "reader", UserType.Smf, null, ["Site Readers"]);
        var writer = new JarvisUser(95, "writer", UserType.Smf, null, ["Site Writers"]);

        Assert.Equal((await db.AllCustomerIdsAsync()).Count, await db.ServiceAs(reader).CountAsync(null));
        Assert.Equal(0, await db.ServiceAs("su").CountAsync(null)); // su's ACS_BOSS is not among the configured admin groups
        Assert.False((await db.ServiceAs(reader).GetAsync(3134))!.CanChange);
        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(await db.ServiceAs(writer).UpdateAsync(3134, new CustomerChange("CONFIGURED", null))).Modified);
    }
}
