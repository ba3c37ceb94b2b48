using AngleSharp.Dom;
using Bunit;
using Jarvis.Core.Customers;
using Jarvis.Portal.Components.Pages.Customers;

namespace Jarvis.Portal.Tests.Components;

/// <summary>The portal's "New customer" (API.md section 9, Portal): the list's button, the form, its rules and its refusals.</summary>
public sealed class NewCustomerPageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("su", true)]
    [InlineData("rapidity", true)]
    [InlineData("auditor", false)]
    [InlineData("rapidity-view", false)]
    [InlineData("operator", false)]
    public async Task CustomersList_OffersNewCustomer_OnlyToUsersInAnAdminWriteGroup(string username, bool offered)
    {
        await using var host = await PortalTestHost.CreateAsync(username);
        host.NavigateTo("/customers");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.Find(".jarvis-count").TextContent + page.FindAll(".jarvis-empty").Count), Wait);
        page.WaitForAssertion(() => Assert.Equal(offered ? 1 : 0, page.FindAll("a.jarvis-new-customer").Count), Wait);
        if (offered)
        {
            Assert.Equal("customers/new", page.Find("a.jarvis-new-customer").GetAttribute("href"));
            Assert.Equal("New customer", page.Find("a.jarvis-new-customer").TextContent.Trim());
        }
    }

    [Fact]
    public async Task UserWhoMayNotCreate_SeesWhyAndNoForm()
    {
        await using var host = await PortalTestHost.CreateAsync("auditor");

        var page = host.Context.Render<NewCustomerPage>();

        page.WaitForAssertion(() => Assert.Contains(CustomerRules.MayNotCreate, page.Find(".jarvis-may-not-create").TextContent), Wait);
        Assert.Empty(page.FindAll("input"));
    }

    [Fact]
    public async Task AcsUser_FindsTheirOwnCustomerPreselectedAsParent()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity");

        var page = await RenderFormAsync(host);

        Assert.Equal("Rapidity Inc", ParentInput(page).GetAttribute("value"));
        Assert.Contains("among the customers you may change", page.Markup);
    }

    [Fact]
    public async Task SmfUser_StartsWithNoParent_AndIsToldEmptyMeansAtTheTop()
    {
        await using var host = await PortalTestHost.CreateAsync("su");

        var page = await RenderFormAsync(host);

        Assert.Equal("", ParentInput(page).GetAttribute("value") ?? "");
        Assert.Contains("Leave empty for a customer at the top.", page.Markup);
    }

    [Fact]
    public async Task EveryInput_HasALabel()
    {
        await using var host = await PortalTestHost.CreateAsync("su");

        var page = await RenderFormAsync(host);

        var labels = page.FindAll("label[for]").Select(l => (For: l.GetAttribute("for"), Text: l.TextContent.Trim())).ToList();
        foreach (var input in page.FindAll("input:not([type=hidden]), textarea"))
        {
            Assert.Contains(labels, l => l.For == input.Id && l.Text.Length > 0);
        }

        Assert.Equal(4, page.FindAll("input:not([type=hidden]), textarea").Count);
    }

    [Fact]
    public async Task SubmitWithoutAName_ShowsNameIsRequired_AndCreatesNothing()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var before = await host.ServiceAs("su").CountAsync(null);
        var page = await RenderFormAsync(host);

        NameInput(page).Input("   ");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains(CustomerRules.NameRequired, Field(page, "name").TextContent), Wait);
        Assert.Equal("true", NameInput(page).GetAttribute("aria-invalid"));
        Assert.Equal(before, await host.ServiceAs("su").CountAsync(null));
        Assert.Equal("/", host.CurrentUrl);
    }

    [Theory]
    [InlineData("name", 51, CustomerRules.NameTooLong, "51 / 50")]
    [InlineData("reference", 51, CustomerRules.ReferenceTooLong, "51 / 50")]
    [InlineData("description", 256, CustomerRules.DescriptionTooLong, "256 / 255")]
    public async Task TooLongValue_ShowsTheApiMessageAtItsField_AndCreatesNothing(string field, int length, string message, string counter)
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var before = await host.ServiceAs("su").CountAsync(null);
        var page = await RenderFormAsync(host);
        NameInput(page).Input("Brand New Ltd");

        Input(page, field).Input(new string('x', length));

        page.WaitForAssertion(() => Assert.Contains(message, Field(page, field).TextContent), Wait);
        Assert.Contains(counter, page.Markup);
        await page.Find("form").SubmitAsync();
        Assert.Equal(before, await host.ServiceAs("su").CountAsync(null));
    }

    [Fact]
    public async Task ControlCharacterInTheName_ShowsTheApiMessage()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderFormAsync(host);

        NameInput(page).Input("Bell\u0007 Ltd");

        page.WaitForAssertion(() => Assert.Contains(CustomerRules.NameControlCharacters, Field(page, "name").TextContent), Wait);
    }

    [Fact]
    public async Task NameInUse_IsRefusedByTheServerAtTheNameField_AndCreatesNothing()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var before = await host.ServiceAs("su").CountAsync(null);
        var page = await RenderFormAsync(host);

        NameInput(page).Input("rapidity inc");
        await page.Find("form").SubmitAsync();

        var message = CustomerRules.NameInUse("rapidity inc");
        page.WaitForAssertion(() => Assert.Contains(message, Field(page, "name").TextContent), Wait);
        Assert.Equal("customer-name-error customer-name-counter", NameInput(page).GetAttribute("aria-describedby"));
        Assert.Equal(before, await host.ServiceAs("su").CountAsync(null));
        Assert.Equal("/", host.CurrentUrl);
    }

    [Fact]
    public async Task ReferenceInUse_IsRefusedByTheServerAtTheReferenceField()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderFormAsync(host);

        NameInput(page).Input("Brand New Ltd");
        ReferenceInput(page).Input("118822/C");
        await page.Find("form").SubmitAsync();

        var message = CustomerRules.ReferenceInUse("118822/C");
        page.WaitForAssertion(() => Assert.Contains(message, Field(page, "reference").TextContent), Wait);
        Assert.Empty(await host.ServiceAs("su").SearchAsync(new CustomerQuery("Brand New Ltd")).ToListAsync());
    }

    [Fact]
    public async Task SmfUser_SavesACustomerAtTheTop_AndLandsOnItsPage()
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        var page = await RenderFormAsync(host);

        NameInput(page).Input("  Brand New Ltd ");
        ReferenceInput(page).Input("BN-1");
        DescriptionInput(page).Input("Made in the portal");
        await page.Find("form").SubmitAsync();

        var id = NewCustomerId(host, page);
        var stored = (await host.ServiceAs("su").GetAsync(id))!;
        Assert.Equal(("Brand New Ltd", "BN-1", "Made in the portal", (long?)null), (stored.Name, stored.Reference, stored.Description, stored.ParentId));
        var history = (await host.ServiceAs("su").GetHistoryAsync(id, 0, 10))!.Items;
        Assert.Equal(3, history.Count);
        Assert.All(history, h => Assert.Equal(ChangeChannel.Portal, h.Via));
    }

    [Fact]
    public async Task AcsUser_SavesWithTheirOwnCustomerAsParent_AndLandsOnTheNewPage()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity");
        var page = await RenderFormAsync(host);

        NameInput(page).Input("Rapid Sub Ltd");
        await page.Find("form").SubmitAsync();

        var stored = (await host.ServiceAs("rapidity").GetAsync(NewCustomerId(host, page)))!;
        Assert.Equal(("Rapid Sub Ltd", (long?)3134), (stored.Name, stored.ParentId));
    }

    [Fact]
    public async Task ParentPicker_OffersOnlyCustomersTheUserMayChange_AndTheChoiceIsTheParent()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity");
        var page = await RenderFormAsync(host);
        var popovers = host.Popovers!;

        ParentInput(page).Input("o");

        // rapidity may change 3134, 3140 and 3141: of those, two names hold an "o" (Swift Couriers Ltd, Harbour Freight Co).
        popovers.WaitForAssertion(() => Assert.Equal(
            ["Harbour Freight Co (3141)", "Swift Couriers Ltd (3140)"],
            popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())), Wait);
        popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Contains("Swift")).Click();
        page.WaitForAssertion(() => Assert.Equal("Swift Couriers Ltd", ParentInput(page).GetAttribute("value")), Wait);
        NameInput(page).Input("Below Swift Ltd");
        await page.Find("form").SubmitAsync();

        var stored = (await host.ServiceAs("su").GetAsync(NewCustomerId(host, page)))!;
        Assert.Equal(("Below Swift Ltd", (long?)3140), (stored.Name, stored.ParentId));
    }

    [Fact]
    public async Task ParentGoneBeforeSaving_IsRefusedByTheServerAtTheParentField()
    {
        await using var host = await PortalTestHost.CreateAsync("rapidity");
        var page = await RenderFormAsync(host);
        var popovers = host.Popovers!;
        ParentInput(page).Input("Harbour");
        popovers.WaitForAssertion(() => Assert.Single(popovers.FindAll(".mud-list-item")), Wait);
        popovers.Find(".mud-list-item").Click();
        page.WaitForAssertion(() => Assert.Equal("Harbour Freight Co", ParentInput(page).GetAttribute("value")), Wait);
        Assert.IsType<DeleteResult.Deleted>(await host.ServiceAs("su").DeleteAsync(3141, ChangeChannel.Api));

        NameInput(page).Input("Orphan Ltd");
        await page.Find("form").SubmitAsync();

        var message = CustomerRules.MayNotCreateBelow(3141);
        page.WaitForAssertion(() => Assert.Contains(message, Field(page, "parent").TextContent), Wait);
        Assert.Empty(await host.ServiceAs("su").SearchAsync(new CustomerQuery("Orphan Ltd")).ToListAsync());
    }

    private static async Task<IRenderedComponent<NewCustomerPage>> RenderFormAsync(PortalTestHost host)
    {
        var page = host.Context.Render<NewCustomerPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#customer-name")), Wait);
        await Task.CompletedTask;
        return page;
    }

    /// <summary>The id of the customer whose page the form went to after saving.</summary>
    private static long NewCustomerId(PortalTestHost host, IRenderedComponent<NewCustomerPage> page)
    {
        page.WaitForAssertion(() => Assert.Matches(@"^/customers/\d+$", host.CurrentUrl), Wait);
        return long.Parse(host.CurrentUrl["/customers/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IElement Field(IRenderedComponent<NewCustomerPage> page, string field) => page.Find($".jarvis-{field}-field");

    private static IElement Input(IRenderedComponent<NewCustomerPage> page, string field) =>
        field == "description" ? DescriptionInput(page) : page.Find($"#customer-{field}");

    private static IElement NameInput(IRenderedComponent<NewCustomerPage> page) => page.Find("#customer-name");

    private static IElement ReferenceInput(IRenderedComponent<NewCustomerPage> page) => page.Find("#customer-reference");

    private static IElement DescriptionInput(IRenderedComponent<NewCustomerPage> page) => page.Find(".jarvis-description-field textarea");

    private static IElement ParentInput(IRenderedComponent<NewCustomerPage> page) => page.Find("#customer-parent");
}
