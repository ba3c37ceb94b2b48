using Bunit;
using Microsoft.AspNetCore.Components;
using Jarvis.Core.Customers;
using Jarvis.Portal.Components.Pages.Customers;

namespace Jarvis.Portal.Tests.Components;

public sealed class CustomerPageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("su", 3134)]
    [InlineData("rapidity", 3140)]
    public async Task UserWhoMayChange_SeesTheEditFormWithTheStoredValues(string username, long id)
    {
        await using var host = await PortalTestHost.CreateAsync(username);
        var stored = (await host.ServiceAs("su").GetAsync(id))!;

        var page = await RenderAsync(host, id);

        Assert.Equal(stored.Name, page.Find("h1").TextContent);
        Assert.Equal(stored.Reference ?? "", ReferenceInput(page).GetAttribute("value") ?? "");
        Assert.Equal(stored.Description ?? "", DescriptionInput(page).TextContent);
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Save");
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Cancel");
        Assert.DoesNotContain("You can view this customer but not change it.", page.Markup);
    }

    [Theory]
    [InlineData("auditor", 1551)]
    [InlineData("rapidity-view", 3134)]
    public async Task ReadOnlyUser_SeesValuesAsTextWithoutInputsOrSave(string username, long id)
    {
        await using var host = await PortalTestHost.CreateAsync(username);
        var stored = (await host.ServiceAs("su").GetAsync(id))!;

        var page = await RenderAsync(host, id);

        Assert.Equal(stored.Name, page.Find("h1").TextContent);
        Assert.Contains("You can view this customer but not change it.", page.Markup);
        Assert.Empty(page.FindAll("input"));
        Assert.Empty(page.FindAll("textarea"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Save");
        Assert.Equal(stored.Reference, page.Find("dd.jarvis-reference").TextContent);
    }

    [Fact]
    public async Task Customer_ShowsServiceNumbersAndAParentLinkWhenTheParentIsVisible()
    {
        await using var host = await PortalTestHost.CreateAsync("su");

        var page = await RenderAsync(host, 3140);

        Assert.Equal(["0800777001"], page.FindAll(".jarvis-numbers-list li").Select(li => li.TextContent));
        var parent = page.Find(".jarvis-facts a");
        Assert.Equal("Rapidity Inc", parent.TextContent);
        Assert.Equal("customers/3134", parent.GetAttribute("href"));
    }

    [Fact]
    public async Task ParentTheUserMayNotSee_IsNotLinked()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity");

        var page = await RenderAsync(host, 3134);

        Assert.Empty(page.FindAll(".jarvis-facts a"));
    }

    [Theory]
    [InlineData("su", 999999)]
    [InlineData("rapidity", 1551)]
    [InlineData("operator", 3134)]
    public async Task MissingOrInvisibleCustomer_ShowsCustomerNotFound(string username, long id)
    {
        await using var host = await PortalTestHost.CreateAsync(username);

        var page = host.Context.Render<CustomerPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Customer not found", page.Find("h1").TextContent), Wait);
        Assert.Empty(page.FindAll("input"));
    }

    [Fact]
    public async Task ReferenceOver50Characters_ShowsTheApiMessageAndSaveChangesNothing()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);

        ReferenceInput(page).Input(new string('R', 51));

        page.WaitForAssertion(() => Assert.Contains(CustomerRules.ReferenceTooLong, page.Markup), Wait);
        Assert.Contains("51 / 50", page.Markup);
        await ClickSaveAsync(page);
        Assert.Equal("430184/A", (await host.ServiceAs("su").GetAsync(3134))!.Reference);
        Assert.DoesNotContain("Customer saved.", page.Markup);
    }

    [Fact]
    public async Task Counters_CountCharactersLikeTheRules_SoEmojiCountOnce()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);

        ReferenceInput(page).Input(string.Concat(Enumerable.Repeat("😀", 26)));

        page.WaitForAssertion(() => Assert.Equal(["26 / 50", "0 / 255"], page.FindAll(".jarvis-counter").Select(c => c.TextContent)), Wait);
        Assert.DoesNotContain(CustomerRules.ReferenceTooLong, page.Markup);
    }

    [Fact]
    public async Task Reference50Characters_IsAccepted()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);
        var reference = new string('R', 50);

        ReferenceInput(page).Input(reference);
        await ClickSaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("Customer saved.", page.Markup), Wait);
        Assert.Equal(reference, (await host.ServiceAs("su").GetAsync(3134))!.Reference);
    }

    [Fact]
    public async Task DescriptionOver255Characters_ShowsTheApiMessageAndSaveChangesNothing()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 1551);

        DescriptionInput(page).Input(new string('d', 256));

        page.WaitForAssertion(() => Assert.Contains(CustomerRules.DescriptionTooLong, page.Markup), Wait);
        Assert.Contains("256 / 255", page.Markup);
        await ClickSaveAsync(page);
        Assert.Equal("Locator services", (await host.ServiceAs("su").GetAsync(1551))!.Description);
    }

    [Fact]
    public async Task ControlCharacterInReference_ShowsTheApiMessage()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);

        ReferenceInput(page).Input("AB\u0007C");

        page.WaitForAssertion(() => Assert.Contains(CustomerRules.ReferenceControlCharacters, page.Markup), Wait);
        await ClickSaveAsync(page);
        Assert.Equal("430184/A", (await host.ServiceAs("su").GetAsync(3134))!.Reference);
    }

    [Fact]
    public async Task ControlCharacterInDescription_ShowsTheApiMessage_ButLineBreaksAreFine()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);

        DescriptionInput(page).Input("line one\u0000");
        page.WaitForAssertion(() => Assert.Contains(CustomerRules.DescriptionControlCharacters, page.Markup), Wait);

        DescriptionInput(page).Input("line one\nline two\ttabbed");
        page.WaitForAssertion(() => Assert.DoesNotContain(CustomerRules.DescriptionControlCharacters, page.Markup), Wait);
    }

    [Fact]
    public async Task ReferenceUsedByAnotherCustomer_ShowsTheMessageAtTheReferenceField()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);

        ReferenceInput(page).Input("118822/C");
        await ClickSaveAsync(page);

        var message = CustomerRules.ReferenceInUse("118822/C");
        page.WaitForAssertion(() => Assert.Contains(message, ReferenceField(page).TextContent), Wait);
        Assert.Equal("430184/A", (await host.ServiceAs("su").GetAsync(3134))!.Reference);
        Assert.DoesNotContain("Customer saved.", page.Markup);
    }

    [Fact]
    public async Task FieldsWithoutErrors_AreDescribedByTheirCountersOnly()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);

        Assert.Equal("customer-reference-counter", ReferenceInput(page).GetAttribute("aria-describedby"));
        Assert.Equal("8 / 50", AccessibleDescription(page, ReferenceInput(page)));
        Assert.Equal("customer-description-counter", DescriptionInput(page).GetAttribute("aria-describedby"));
        Assert.Equal("0 / 255", AccessibleDescription(page, DescriptionInput(page)));
        Assert.Equal("false", ReferenceInput(page).GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task TooLongReference_IsInvalidAndDescribedByTheApiMessage_UntilItIsFixed()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);

        ReferenceInput(page).Input(new string('R', 51));

        page.WaitForAssertion(() => Assert.Equal("true", ReferenceInput(page).GetAttribute("aria-invalid")), Wait);
        Assert.Equal("customer-reference-error customer-reference-counter", ReferenceInput(page).GetAttribute("aria-describedby"));
        Assert.Equal($"{CustomerRules.ReferenceTooLong} 51 / 50", AccessibleDescription(page, ReferenceInput(page)));
        Assert.Equal("0 / 255", AccessibleDescription(page, DescriptionInput(page)));

        ReferenceInput(page).Input(new string('R', 50));

        page.WaitForAssertion(() => Assert.Equal("50 / 50", AccessibleDescription(page, ReferenceInput(page))), Wait);
        Assert.Empty(page.FindAll("#customer-reference-error"));
    }

    [Fact]
    public async Task DuplicateReference_RefusedOnSave_DescribesTheReferenceInputWithTheApiMessage()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);

        ReferenceInput(page).Input("118822/C");
        await ClickSaveAsync(page);

        var message = CustomerRules.ReferenceInUse("118822/C");
        page.WaitForAssertion(() => Assert.Equal($"{message} 8 / 50", AccessibleDescription(page, ReferenceInput(page))), Wait);
        Assert.Equal(message, page.Find("#customer-reference-error").TextContent);
        Assert.Equal("true", ReferenceInput(page).GetAttribute("aria-invalid"));
        Assert.Equal("false", DescriptionInput(page).GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task TooLongDescription_IsDescribedByTheApiMessage()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 1551);

        DescriptionInput(page).Input(new string('d', 256));

        page.WaitForAssertion(() => Assert.Equal("true", DescriptionInput(page).GetAttribute("aria-invalid")), Wait);
        Assert.Equal($"{CustomerRules.DescriptionTooLong} 256 / 255", AccessibleDescription(page, DescriptionInput(page)));
        Assert.Equal(CustomerRules.DescriptionTooLong, page.Find("#customer-description-error").TextContent);
    }

    [Fact]
    public async Task Save_StoresBothFieldsAndConfirms()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity");
        var page = await RenderAsync(host, 3140);

        ReferenceInput(page).Input("SWIFT-7");
        DescriptionInput(page).Input("Courier partner, Ñandú desk");
        await ClickSaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("Customer saved.", page.Markup), Wait);
        var stored = (await host.ServiceAs("su").GetAsync(3140))!;
        Assert.Equal("SWIFT-7", stored.Reference);
        Assert.Equal("Courier partner, Ñandú desk", stored.Description);
        Assert.DoesNotContain("Unsaved changes", page.Markup);
    }

    [Fact]
    public async Task SaveWithEmptyFields_StoresNull()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 1551);

        ReferenceInput(page).Input("");
        DescriptionInput(page).Input("");
        await ClickSaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("Customer saved.", page.Markup), Wait);
        var stored = (await host.ServiceAs("su").GetAsync(1551))!;
        Assert.Null(stored.Reference);
        Assert.Null(stored.Description);
    }

    [Fact]
    public async Task Cancel_RestoresTheLoadedValuesAndClearsMessages()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderAsync(host, 3134);
        ReferenceInput(page).Input(new string('x', 60));
        page.WaitForAssertion(() => Assert.Contains(CustomerRules.ReferenceTooLong, page.Markup), Wait);

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        page.WaitForAssertion(() => Assert.Equal("430184/A", ReferenceInput(page).GetAttribute("value")), Wait);
        Assert.DoesNotContain(CustomerRules.ReferenceTooLong, page.Markup);
        Assert.DoesNotContain("Unsaved changes", page.Markup);
    }

    [Fact]
    public async Task SessionExpired_SaveEndsOnTheLoginPageAndChangesNothing()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers/3134");
        var page = await RenderAsync(host, 3134);
        ReferenceInput(page).Input("NEW-REF");

        host.User.Expire();
        await ClickSaveAsync(page);

        page.WaitForAssertion(() => Assert.Equal("/login?returnUrl=%2Fcustomers%2F3134", host.CurrentUrl), Wait);
        Assert.Equal("430184/A", (await host.ServiceAs("su").GetAsync(3134))!.Reference);
    }

    [Fact]
    public async Task SessionExpiredBeforeOpening_EndsOnTheLoginPage()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers/3134");
        host.User.Expire();

        var page = host.Context.Render<CustomerPage>(p => p.Add(x => x.Id, 3134L));

        page.WaitForAssertion(() => Assert.Equal("/login?returnUrl=%2Fcustomers%2F3134", host.CurrentUrl), Wait);
        Assert.DoesNotContain("Customer not found", page.Markup);
    }

    [Fact]
    public async Task LeavingWithUnsavedChanges_AsksFirst_AndStayKeepsTheEdits()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers/3134");
        var page = await RenderAsync(host, 3134);
        ReferenceInput(page).Input("EDITED");

        host.NavigateTo("/customers");

        var dialogs = host.Dialogs!;
        dialogs.WaitForAssertion(() => Assert.Contains(CustomerPage.LeaveQuestion, dialogs.Markup), Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Stay").Click();
        page.WaitForAssertion(() => Assert.Equal("/customers/3134", host.CurrentUrl), Wait);
        Assert.Equal("EDITED", ReferenceInput(page).GetAttribute("value"));
    }

    [Fact]
    public async Task DatabaseDown_ShowsAnErrorWithRetry_AndRetryLoadsOnceItIsBack()
    {
        await using var host = PortalTestHost.CreateWithDatabaseDown("su");
        var page = host.Context.Render<CustomerPage>(p => p.Add(x => x.Id, 3134L));

        page.WaitForAssertion(() => Assert.Contains("The customer database cannot be reached", page.Markup), Wait);

        await host.BringDatabaseUpAsync();
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Retry").Click();

        page.WaitForAssertion(() => Assert.Equal("Rapidity Inc", page.Find("h1").TextContent), Wait);
    }

    [Fact]
    public async Task DatabaseLockedWhileSaving_SaysNothingWasSaved_KeepsTheInput_AndSaveWorksOnceItIsFree()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo("/customers/3134");
        var page = await RenderAsync(host, 3134);
        ReferenceInput(page).Input("AFTER-LOCK");

        // Another program holds the write lock longer than Jarvis waits (API.md section 5: a locked database, nothing changed).
        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={host.DatabaseFile};Pooling=False"))
        {
            other.Open();
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
            await ClickSaveAsync(page);

            page.WaitForAssertion(() => Assert.Contains("so nothing was saved", page.Find(".jarvis-form-error").TextContent), TimeSpan.FromSeconds(30));
            Assert.Equal("AFTER-LOCK", ReferenceInput(page).GetAttribute("value"));
        }

        await ClickSaveAsync(page);
        page.WaitForAssertion(() => Assert.Contains("Customer saved.", page.Markup), Wait);
        Assert.Equal("AFTER-LOCK", (await host.ServiceAs("su").GetAsync(3134))!.Reference);
    }

    [Fact]
    public async Task LoadForThePreviousId_EndingAfterTheIdChanged_IsDropped()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        // The load for 999999 passes the page's session check, then waits inside Core's read.
        var previous = host.User.HoldAfter(1);
        var page = host.Context.Render<CustomerPage>(p => p.Add(x => x.Id, 999999));
        page.WaitForAssertion(() => Assert.Equal(1, host.User.Waiting), Wait);
        using var onCircuit = new ManualResetEventSlim();
        using var idChanges = new ManualResetEventSlim();

        // The circuit is busy while the previous read ends ("not found"): its answer queues behind the change to 3134,
        // whose own load waits.
        // (From another thread: the renderer runs a call from an idle thread on that thread.)
        var change = Task.Run(() => page.InvokeAsync(() =>
        {
            onCircuit.Set();
            Assert.True(idChanges.Wait(Wait));
            _ = page.Instance.SetParametersAsync(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Id"] = 3134L }));
        }));
        Assert.True(onCircuit.Wait(Wait));
        host.User.HoldAfter(0);
        // On a thread without a synchronization context: there the held read runs to its end before SetResult returns.
        await Task.Run(previous.SetResult);
        idChanges.Set();
        await change;
        await page.InvokeAsync(() => { });

        Assert.DoesNotContain("Customer not found", page.Markup);
        Assert.NotNull(page.Find("[aria-label='Loading customer']"));
        host.User.Release();
        var expected = (await host.ServiceAs("su").GetAsync(3134))!.Name;
        page.WaitForAssertion(() => Assert.Equal(expected, page.Find("h1").TextContent), Wait);
    }

    [Fact]
    public async Task LinkToAnotherCustomer_ShowsThatCustomersHistory()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        CustomerHistoryPanelTests.BrowserZone(host, "UTC");
        await host.ServiceAs("su").UpdateAsync(3134, new CustomerChange("HISTORY-3134", null), ChangeChannel.Portal);
        var page = await RenderAsync(host, 3134);
        page.WaitForAssertion(() => Assert.Contains("HISTORY-3134", page.Find(".jarvis-history").TextContent), Wait);

        // A link to a customer below (or the parent) keeps the page and only changes its Id.
        page.Render(p => p.Add(x => x.Id, 3140L));

        var expected = (await host.ServiceAs("su").GetAsync(3140))!.Name;
        page.WaitForAssertion(() => Assert.Equal(expected, page.Find("h1").TextContent), Wait);
        page.WaitForAssertion(() => Assert.Contains("No changes have been made through Jarvis yet.", page.Find(".jarvis-history").TextContent), Wait);
        Assert.DoesNotContain("HISTORY-3134", page.Find(".jarvis-history").TextContent);
    }

    private static async Task<IRenderedComponent<CustomerPage>> RenderAsync(PortalTestHost host, long id)
    {
        var page = host.Context.Render<CustomerPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("h1")), Wait);
        await Task.CompletedTask;
        return page;
    }

    private static async Task ClickSaveAsync(IRenderedComponent<CustomerPage> page) =>
        await page.Find("form").SubmitAsync();

    /// <summary>The texts of the elements named by the input's <c>aria-describedby</c>, in order, as a screen reader reads them.</summary>
    private static string AccessibleDescription(IRenderedComponent<CustomerPage> page, AngleSharp.Dom.IElement input) =>
        string.Join(" ", (input.GetAttribute("aria-describedby") ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => page.Find($"#{id}").TextContent.Trim()));

    private static AngleSharp.Dom.IElement ReferenceField(IRenderedComponent<CustomerPage> page) =>
        page.Find(".jarvis-reference-field");

    private static AngleSharp.Dom.IElement ReferenceInput(IRenderedComponent<CustomerPage> page) =>
        page.Find(".jarvis-reference-field input");

    private static AngleSharp.Dom.IElement DescriptionInput(IRenderedComponent<CustomerPage> page) =>
        page.Find(".jarvis-description-field textarea");
}
