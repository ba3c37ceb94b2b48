using AngleSharp.Dom;
using Bunit;
using Jarvis.Core.Customers;
using Jarvis.Portal.Components.Pages.Customers;

namespace Jarvis.Portal.Tests.Components;

public sealed class CustomerListTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Search_Rapi_ShowsTheTwoRapidityCustomersWithTheNameMatchHighlighted()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=rapi");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(["Rapidity Inc", "Rapidity Locators Inc"], RowNames(page)), Wait);
        Assert.Equal("2 customers", page.Find(".jarvis-count").TextContent);
        Assert.Equal(["Rapi", "Rapi"], page.FindAll("td[data-label=Name] mark").Select(m => m.TextContent));
        Assert.Equal("customers/3134", page.FindAll("a.jarvis-row-link")[0].GetAttribute("href"));
        Assert.Equal(["430184/A", "118822/C"], page.FindAll("td[data-label=Reference]").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task Search_ServiceNumberWithSeparators_FindsTheCustomerAndHighlightsTheMatchedDigits()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=" + Uri.EscapeDataString("0800 555-132"));

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(["Rapidity Locators Inc"], RowNames(page)), Wait);
        Assert.Equal("1 customer", page.Find(".jarvis-count").TextContent);
        var numbers = page.Find("td[data-label='Service numbers']");
        Assert.Equal("0800555132, 08005551232", numbers.TextContent.Trim());
        Assert.Equal(["0800555132"], numbers.QuerySelectorAll("mark").Select(m => m.TextContent));
        Assert.Empty(page.FindAll("td[data-label=Name] mark"));
    }

    [Fact]
    public async Task NoTerm_ShowsTheFirst25RowsInNameOrderAndTheTotalCount()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var service = host.ServiceAs("su");
        var total = await service.CountAsync(null);
        var expected = await service.SearchAsync(new CustomerQuery(null, 0, 25)).Select(c => c.Name).ToListAsync();
        host.NavigateTo("/customers");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(expected, RowNames(page)), Wait);
        Assert.True(total > 200);
        Assert.Equal($"{total:N0} customers", page.Find(".jarvis-count").TextContent);
        Assert.Empty(page.FindAll("mark"));
    }

    [Fact]
    public async Task PageTwoInTheAddress_ShowsRows26To50()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var expected = await host.ServiceAs("su").SearchAsync(new CustomerQuery(null, 25, 25)).Select(c => c.Name).ToListAsync();
        host.NavigateTo("/customers?page=2");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(expected, RowNames(page)), Wait);
    }

    [Fact]
    public async Task NextPageButton_ShowsTheNextRowsAndPutsThePageInTheAddress()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var expected = await host.ServiceAs("su").SearchAsync(new CustomerQuery(null, 25, 25)).Select(c => c.Name).ToListAsync();
        host.NavigateTo("/customers");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Wait);

        // Found and clicked in one dispatch: a render between the two would retire the button's handler.
        await page.InvokeAsync(() => page.Find("button[aria-label='Next page']").Click());

        page.WaitForAssertion(() => Assert.Equal(expected, RowNames(page)), Wait);
        Assert.Equal("/customers?page=2", host.CurrentUrl);
    }

    [Fact]
    public async Task PagePastTheEnd_ShowsTheLastPageAndCorrectsTheAddress()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=rapi&page=9");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(["Rapidity Inc", "Rapidity Locators Inc"], RowNames(page)), Wait);
        page.WaitForAssertion(() => Assert.Equal("/customers?q=rapi", host.CurrentUrl), Wait);
    }

    [Theory]
    [InlineData("/customers?q=capped&page=40")]
    [InlineData("/customers?q=capped&page=20000")]
    public async Task CappedCount_LastReachablePageSaysWhatItKnows_AndAPageBeyondShowsIt(string address)
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={host.DatabaseFile}"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100)
                INSERT INTO ACS_CUSTOMER (ID, NAME) SELECT 900000 + i, printf('Capped Test %04d', i) FROM n
                """;
            await insert.ExecuteNonQueryAsync();
        }

        var expected = await host.ServiceAs("su").SearchAsync(new CustomerQuery("capped", 975, 25)).Select(c => c.Name).ToListAsync();
        host.NavigateTo(address);

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(expected, RowNames(page)), Wait);
        Assert.Equal("Capped Test 0976", expected[0]);
        // The pager renders after the rows.
        page.WaitForAssertion(() =>
        {
            Assert.Equal("1,000+ customers", page.Find(".jarvis-count").TextContent);
            Assert.Equal("976–1,000 of 1,000+", page.Find(".mud-table-pagination-caption").TextContent.Trim());
            Assert.True(page.Find("button[aria-label='Next page']").HasAttribute("disabled"));
        }, Wait);
        page.WaitForAssertion(() => Assert.Equal("/customers?q=capped&page=40", host.CurrentUrl), Wait);
    }

    [Fact]
    public async Task Typing_SearchesAfterThePauseAndPutsTheTermInTheAddress()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?page=3");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Wait);

        page.Find("input[type=text]").Input("KIWI");

        page.WaitForAssertion(() => Assert.Equal(["100% Kiwi Ltd"], RowNames(page)), Wait);
        Assert.Equal("/customers?q=KIWI", host.CurrentUrl);
        Assert.Equal(["Kiwi"], page.FindAll("td[data-label=Name] mark").Select(m => m.TextContent));
    }

    [Fact]
    public async Task AddressChange_BackToAnEarlierSearch_ShowsThatSearchAgain()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=kiwi");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(["100% Kiwi Ltd"], RowNames(page)), Wait);

        host.NavigateTo("/customers?q=swift");

        page.WaitForAssertion(() => Assert.Equal(["Swift Couriers Ltd"], RowNames(page)), Wait);
        Assert.Equal("swift", page.Find("input[type=text]").GetAttribute("value"));
    }

    [Fact]
    public async Task NothingMatches_ShowsTheEmptyStateAndZeroCount()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=no-such-customer-anywhere");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Contains("No customers match your search.", page.Markup), Wait);
        Assert.Empty(RowNames(page));
        Assert.Equal("0 customers", page.Find(".jarvis-count").TextContent);
    }

    [Fact]
    public async Task UserWhoSeesNoCustomer_GetsTheEmptyStateWithAHint()
    {
        await using var host = await PortalTestHost.CreateAsync("operator");
        host.NavigateTo("/customers");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Contains("No customers match your search.", page.Markup), Wait);
        Assert.Contains("Your account cannot see any customer.", page.Markup);
    }

    [Fact]
    public async Task AcsUser_SeesOnlyTheirOwnCustomerTree()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity");
        host.NavigateTo("/customers");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(["Harbour Freight Co", "Rapidity Inc", "Swift Couriers Ltd"], RowNames(page)), Wait);
        Assert.Equal("3 customers", page.Find(".jarvis-count").TextContent);
    }

    [Fact]
    public async Task SortByReference_OrdersRowsAsCoreDoes()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var expected = await host.ServiceAs("su")
            .SearchAsync(new CustomerQuery(null, 0, 25, CustomerSort.ReferenceAscending)).Select(c => c.Name).ToListAsync();
        host.NavigateTo("/customers");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Wait);

        SortHeader(page, "Reference").Click();

        page.WaitForAssertion(() => Assert.Equal(expected, RowNames(page)), Wait);
    }

    [Fact]
    public async Task SortHeaders_AreButtons_AndOnlyTheSortedColumnCarriesAriaSort()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Wait);
        Assert.Equal("button", SortHeader(page, "Name").TagName.ToLowerInvariant());
        Assert.Equal("button", SortHeader(page, "Reference").GetAttribute("type"));
        Assert.Equal("ascending", ColumnHeader(page, "Name").GetAttribute("aria-sort"));
        Assert.Null(ColumnHeader(page, "Reference").GetAttribute("aria-sort"));
        Assert.Null(ColumnHeader(page, "Service numbers").GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task SortCycle_AscendingDescendingAscending_TheArrowAndTheRowsAgreeEachTime()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var service = host.ServiceAs("su");
        var ascending = await service.SearchAsync(new CustomerQuery(null, 0, 25, CustomerSort.ReferenceAscending)).Select(c => c.Name).ToListAsync();
        var descending = await service.SearchAsync(new CustomerQuery(null, 0, 25, CustomerSort.ReferenceDescending)).Select(c => c.Name).ToListAsync();
        host.NavigateTo("/customers");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Wait);

        foreach (var (rows, direction) in new[] { (ascending, "ascending"), (descending, "descending"), (ascending, "ascending") })
        {
            SortHeader(page, "Reference").Click();
            page.WaitForAssertion(() => Assert.Equal(rows, RowNames(page)), Wait);
            Assert.Equal(direction, ColumnHeader(page, "Reference").GetAttribute("aria-sort"));
            Assert.Null(ColumnHeader(page, "Name").GetAttribute("aria-sort"));
        }
    }

    [Fact]
    public async Task SortChangeOnPageThree_GoesBackToPageOne()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var firstByReference = await host.ServiceAs("su")
            .SearchAsync(new CustomerQuery("inc", 0, 25, CustomerSort.ReferenceAscending)).Select(c => c.Name).ToListAsync();
        host.NavigateTo("/customers?q=inc&page=3");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.NotEmpty(RowNames(page)), Wait);

        SortHeader(page, "Reference").Click();

        page.WaitForAssertion(() => Assert.Equal("/customers?q=inc&sort=reference", host.CurrentUrl), Wait);
        page.WaitForAssertion(() => Assert.Equal(firstByReference, RowNames(page)), Wait);
        Assert.Contains(page.FindAll(".mud-table-pagination-caption"), c => c.TextContent.Trim().StartsWith("1–", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClearSearchButton_IsInTheTabOrder_AndEmptiesTheSearch()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=rapi");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(2, RowNames(page).Count), Wait);

        var clear = page.Find("button[aria-label='Clear search']");
        Assert.Null(clear.GetAttribute("tabindex"));
        clear.Click();

        page.WaitForAssertion(() => Assert.Equal("/customers", host.CurrentUrl), Wait);
        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Wait);
        Assert.Empty(page.FindAll("button[aria-label='Clear search']"));
    }

    [Fact]
    public async Task WhileANewSearchRuns_TheOldRowsStayMarkedBusy_ThenTheAnswerIsAnnounced()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=rapi");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(2, RowNames(page).Count), Wait);
        Assert.Equal("false", page.Find("table").GetAttribute("aria-busy"));
        Assert.Equal("2 customers match “rapi”.", page.Find("[role=status]").TextContent);

        host.User.Hold();
        host.NavigateTo("/customers?q=kiwi");

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("table").GetAttribute("aria-busy")), Wait);
        Assert.Equal(["Rapidity Inc", "Rapidity Locators Inc"], RowNames(page));
        Assert.Contains("jarvis-table-busy", page.Find(".jarvis-table").ClassName);
        host.User.Release();
        page.WaitForAssertion(() => Assert.Equal(["100% Kiwi Ltd"], RowNames(page)), Wait);
        Assert.Equal("false", page.Find("table").GetAttribute("aria-busy"));
        Assert.DoesNotContain("jarvis-table-busy", page.Find(".jarvis-table").ClassName);
        Assert.Equal("1 customer matches “kiwi”.", page.Find("[role=status]").TextContent);
    }

    [Theory]
    [InlineData("name_desc", CustomerSort.NameDescending, "Name", "descending")]
    [InlineData("reference", CustomerSort.ReferenceAscending, "Reference", "ascending")]
    [InlineData("reference_desc", CustomerSort.ReferenceDescending, "Reference", "descending")]
    public async Task SortInTheAddress_OrdersTheRowsAndMarksThatHeader(string address, CustomerSort sort, string header, string direction)
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var expected = await host.ServiceAs("su").SearchAsync(new CustomerQuery(null, 25, 25, sort)).Select(c => c.Name).ToListAsync();
        host.NavigateTo($"/customers?page=2&sort={address}");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(expected, RowNames(page)), Wait);
        Assert.Equal(direction, ColumnHeader(page, header).GetAttribute("aria-sort"));
        Assert.Equal($"/customers?page=2&sort={address}", host.CurrentUrl);
    }

    [Fact]
    public async Task ClickingASortHeader_PutsTheSortInTheAddress_KeepingTermAndPage_AndNameAscendingDropsIt()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=inc");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.NotEmpty(RowNames(page)), Wait);

        SortHeader(page, "Reference").Click();
        page.WaitForAssertion(() => Assert.Equal("/customers?q=inc&sort=reference", host.CurrentUrl), Wait);
        SortHeader(page, "Reference").Click();
        page.WaitForAssertion(() => Assert.Equal("/customers?q=inc&sort=reference_desc", host.CurrentUrl), Wait);
        var expected = await host.ServiceAs("su")
            .SearchAsync(new CustomerQuery("inc", 0, 25, CustomerSort.ReferenceDescending)).Select(c => c.Name).ToListAsync();
        page.WaitForAssertion(() => Assert.Equal(expected, RowNames(page)), Wait);

        SortHeader(page, "Name").Click();
        page.WaitForAssertion(() => Assert.Equal("/customers?q=inc", host.CurrentUrl), Wait);
    }

    [Fact]
    public async Task NextPageAndSearch_KeepTheSortInTheAddress()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?sort=reference");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Wait);

        // Found and clicked in one dispatch: a render between the two would retire the button's handler.
        await page.InvokeAsync(() => page.Find("button[aria-label='Next page']").Click());
        page.WaitForAssertion(() => Assert.Equal("/customers?page=2&sort=reference", host.CurrentUrl), Wait);

        page.Find("input[type=text]").Input("rapi");
        page.WaitForAssertion(() => Assert.Equal(["Rapidity Locators Inc", "Rapidity Inc"], RowNames(page)), Wait);
        Assert.Equal("/customers?q=rapi&sort=reference", host.CurrentUrl);
    }

    [Fact]
    public async Task BackAndForwardBetweenSorts_RestoreEachOrder()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var byName = await host.ServiceAs("su").SearchAsync(new CustomerQuery(null, 0, 25)).Select(c => c.Name).ToListAsync();
        var byReference = await host.ServiceAs("su")
            .SearchAsync(new CustomerQuery(null, 0, 25, CustomerSort.ReferenceAscending)).Select(c => c.Name).ToListAsync();
        host.NavigateTo("/customers");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(byName, RowNames(page)), Wait);
        SortHeader(page, "Reference").Click();
        page.WaitForAssertion(() => Assert.Equal(byReference, RowNames(page)), Wait);

        host.NavigateTo("/customers");

        page.WaitForAssertion(() => Assert.Equal(byName, RowNames(page)), Wait);
        Assert.Equal("ascending", ColumnHeader(page, "Name").GetAttribute("aria-sort"));
        Assert.Null(ColumnHeader(page, "Reference").GetAttribute("aria-sort"));

        host.NavigateTo("/customers?sort=reference");

        page.WaitForAssertion(() => Assert.Equal(byReference, RowNames(page)), Wait);
        Assert.Equal("ascending", ColumnHeader(page, "Reference").GetAttribute("aria-sort"));
        Assert.Equal("/customers?sort=reference", host.CurrentUrl);
    }

    [Fact]
    public async Task WhileLoading_ShowsAProgressBar()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=rapi");
        host.User.Hold();

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[role=progressbar]")), Wait);
        Assert.Empty(RowNames(page));
        Assert.DoesNotContain("No customers match your search.", page.Markup);
        host.User.Release();
        page.WaitForAssertion(() => Assert.Equal(2, RowNames(page).Count), Wait);
        Assert.Empty(page.FindAll("[role=progressbar]"));
    }

    [Fact]
    public async Task SessionExpired_NextSearchEndsOnTheLoginPageWithTheReturnAddress()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers");
        var page = host.Context.Render<CustomerList>();
        page.WaitForAssertion(() => Assert.Equal(25, RowNames(page).Count), Wait);

        host.User.Expire();
        page.Find("input[type=text]").Input("rapi");

        page.WaitForAssertion(() => Assert.Equal("/login?returnUrl=%2Fcustomers%3Fq%3Drapi", host.CurrentUrl), Wait);
    }

    [Fact]
    public async Task DatabaseDown_ShowsAnErrorWithRetry_AndRetryLoadsOnceItIsBack()
    {
        await using var host = PortalTestHost.CreateWithDatabaseDown("su");
        host.NavigateTo("/customers?q=rapi");
        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Contains("The customer database cannot be reached", page.Markup), Wait);
        Assert.Empty(RowNames(page));
        Assert.DoesNotContain("No customers match your search.", page.Markup);

        await host.BringDatabaseUpAsync();
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Retry").Click();

        page.WaitForAssertion(() => Assert.Equal(["Rapidity Inc", "Rapidity Locators Inc"], RowNames(page)), Wait);
        Assert.DoesNotContain("The customer database cannot be reached", page.Markup);
    }

    [Fact]
    public async Task Table_HasTheAccessibleNamesTheEndToEndTestsUse()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers?q=rapi");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(2, RowNames(page).Count), Wait);
        Assert.Equal("Customers", page.Find("table").GetAttribute("aria-label"));
        Assert.Equal("Customers", page.Find("h1").TextContent);
        Assert.Equal(["Name", "Service numbers", "Reference"], page.FindAll("thead th").Select(th => th.TextContent.Trim()));
        var input = page.Find("input[type=text]");
        Assert.Equal("Search customers", page.Find($"label[for='{input.Id}']").TextContent);
    }

    private static IElement ColumnHeader(IRenderedComponent<CustomerList> page, string header) =>
        page.FindAll("thead th").Single(th => th.TextContent.Trim() == header);

    private static IElement SortHeader(IRenderedComponent<CustomerList> page, string header) =>
        ColumnHeader(page, header).QuerySelector("button.jarvis-sort")!;

    private static List<string> RowNames(IRenderedComponent<CustomerList> page) =>
        page.FindAll("tbody a.jarvis-row-link").Select(a => a.TextContent).ToList();
}
