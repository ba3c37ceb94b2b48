using System.Globalization;
using System.Text.RegularExpressions;
using Jarvis.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Pages;

/// <summary><c>/customers/new</c>: name, reference, description and the parent picked by a search as you type.</summary>
public sealed partial class NewCustomerPage(IPage page)
{
    public IPage Page => page;

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "New customer", Level = 1, Exact = true });

    public ILocator Name => page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true });

    public ILocator Reference => page.GetByRole(AriaRole.Textbox, new() { Name = "Customer reference", Exact = true });

    public ILocator Description => page.GetByRole(AriaRole.Textbox, new() { Name = "Description", Exact = true });

    /// <summary>The parent picker's text box (the autocomplete's input, found by its label).</summary>
    public ILocator Parent => page.GetByLabel("Parent customer", new() { Exact = true });

    public ILocator CreateButton => page.GetByRole(AriaRole.Button, new() { Name = "Create customer", Exact = true });

    /// <summary>A choice the parent picker offers, e.g. "Rapidity Inc (3134)".</summary>
    public ILocator ParentChoice(string name, long id) => page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = $"{name} ({id})" });

    public async Task<NewCustomerPage> GotoAsync()
    {
        await page.GotoAsync("/customers/new");
        await ExpectShownAsync();
        return this;
    }

    /// <summary>The form is on screen and its circuit is up, so what is typed counts.</summary>
    public async Task ExpectShownAsync()
    {
        await Expect(page).ToHaveURLAsync(new Regex("/customers/new$"));
        await Expect(Heading).ToBeVisibleAsync();
        await Expect(Name).ToBeEditableAsync();
        await BlazorCircuit.WaitUntilInteractiveAsync(Name);
    }

    /// <summary>Types into the parent picker and picks the choice with that name and id.</summary>
    public async Task PickParentAsync(string search, string name, long id)
    {
        await Parent.FillAsync(search);
        var choice = ParentChoice(name, id);
        await Expect(choice).ToBeVisibleAsync();
        await choice.ClickAsync();
        await Expect(Parent).ToHaveValueAsync(name);
    }

    /// <summary>Presses "Create customer" and waits for the new customer's page; its id.</summary>
    public async Task<long> CreateAsync()
    {
        await CreateButton.ClickAsync();
        await Expect(page).ToHaveURLAsync(CustomerPath());
        return long.Parse(CustomerPath().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"/customers/(\d+)$")]
    private static partial Regex CustomerPath();
}
