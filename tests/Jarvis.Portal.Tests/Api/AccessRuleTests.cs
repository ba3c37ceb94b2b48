using System.Net;

namespace Jarvis.Portal.Tests.Api;

/// <summary>Who sees and changes what (API.md section 3, DEMO-DATA.md), over HTTP, for every demo user who may log in.</summary>
public sealed class AccessRuleTests(SharedPortal portal) : IClassFixture<SharedPortal>
{
    private static readonly string[] NamedIds = ["3134", "1551", "3140", "3141", "2001", "2002", "2003"];

    private static readonly Dictionary<string, string> Groups = new()
    {
        ["su"] = "ACS_BOSS,CCS Superuser",
        ["auditor"] = "ACS_BOSS_READ",
        ["rapidity"] = "AcsPermissionLevel6",
        ["rapidity-view"] = "AcsPermissionLevel1",
        ["operator"] = "ACS_READ",
    };

    [Theory]
    [InlineData("su", true)]
    [InlineData("auditor", true)]
    [InlineData("rapidity", false)]
    [InlineData("rapidity-view", false)]
    [InlineData("operator", false)]
    public async Task Search_NoTerm_ReturnsExactlyTheVisibleCustomers(string username, bool seesAll)
    {
        var (status, json) = await portal.Client.GetJsonAsync("/api/customer", await portal.SessionOf(username));

        Assert.Equal(HttpStatusCode.OK, status);
        var ids = Json.Ids(json);
        if (seesAll)
        {
            Assert.Subset(ids.ToHashSet(), NamedIds.ToHashSet());
            Assert.True(ids.Length >= 207);
        }
        else if (username.StartsWith("rapidity", StringComparison.Ordinal))
        {
            Assert.Equal(["3141", "3134", "3140"], ids);
        }
        else
        {
            Assert.Empty(ids);
        }
    }

    [Theory]
    [InlineData("rapidity", "rapi", new[] { "3134" })]
    [InlineData("rapidity-view", "0800777001", new[] { "3140" })]
    [InlineData("rapidity", "locators", new string[0])]
    [InlineData("operator", "rapi", new string[0])]
    [InlineData("auditor", "rapi", new[] { "3134", "1551" })]
    public async Task Search_Term_FindsOnlyVisibleMatches(string username, string term, string[] expected)
    {
        var (_, json) = await portal.Client.GetJsonAsync($"/jarvis-agent/n2fe/api/customer?name={term}", await portal.SessionOf(username));

        Assert.Equal(expected, Json.Ids(json));
    }

    public static TheoryData<string, string, bool> ReadCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var id in NamedIds)
        {
            data.Add("su", id, true);
            data.Add("auditor", id, true);
            data.Add("rapidity", id, id is "3134" or "3140" or "3141");
            data.Add("rapidity-view", id, id is "3134" or "3140" or "3141");
            data.Add("operator", id, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReadCases))]
    public async Task Get_EachUserAndCustomer_Returns200OnlyWhenVisible(string username, string id, bool visible)
    {
        var (status, json) = await portal.Client.GetJsonAsync($"/api/customer/{id}", await portal.SessionOf(username));

        if (visible)
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(id, json["id"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, status);
            Json.Equal(Json.Refusal($"Customer {id} not found.", username, Groups[username]), json);
        }
    }

    public static TheoryData<string, string, bool> WriteCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var id in NamedIds)
        {
            data.Add("su", id, true);
            data.Add("auditor", id, false);
            data.Add("rapidity", id, id is "3134" or "3140" or "3141");
            data.Add("rapidity-view", id, false);
            data.Add("operator", id, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WriteCases))]
    public async Task Put_EachUserAndCustomer_StoresOnlyWhenAllowedElseRefusesAndChangesNothing(string username, string id, bool allowed)
    {
        var su = await portal.SessionOf("su");
        var (_, before) = await portal.Client.GetJsonAsync($"/api/customer/{id}", su);
        var reference = $"{username}-{id}";

        var (status, json) = await portal.Client.PutAsync(
            $"/api/customer/{id}", await portal.SessionOf(username), $$"""{"customer_reference":"{{reference}}","description":"by {{username}}"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var (_, after) = await portal.Client.GetJsonAsync($"/api/customer/{id}", su);
        if (allowed)
        {
            Json.Equal($$"""{"username":"{{username}}","success":1,"error_string":"","group_list":"{{Groups[username]}}","modified":1,"logged_in":"1"}""", json);
            Assert.Equal(reference, after["customer_reference"]!.GetValue<string>());
            Assert.Equal($"by {username}", after["description"]!.GetValue<string>());
        }
        else
        {
            Json.Equal(Json.Refusal($"You may not change customer {id}.", username, Groups[username]), json);
            Json.Equal(before.ToJsonString(), after);
        }
    }

    [Theory]
    [InlineData("rapidity")]
    [InlineData("rapidity-view")]
    [InlineData("auditor")]
    [InlineData("operator")]
    public async Task Put_NonexistentIdByUserWhoCannotChangeEverything_GetsTheSameRefusalAsAForbiddenOne(string username)
    {
        var (status, json) = await portal.Client.PutAsync("/api/customer/99", await portal.SessionOf(username), """{"customer_reference":"x"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Json.Equal(Json.Refusal("You may not change customer 99.", username, Groups[username]), json);
    }
}
