using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Jarvis.E2E.Infrastructure;
using Jarvis.E2E.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Jarvis.E2E.Journeys;

/// <summary>
/// Every page and state of the portal, in the light and the dark theme: axe-core finds no violation (all of its default
/// rules, WCAG 2.2 AA's target size included); every element that takes the keyboard focus shows a ring of at least 2 px
/// with 3:1 contrast against what surrounds it; at 320 px wide and with the text at 200 % nothing scrolls sideways.
/// The test prints each state it covered with what it measured there.
/// </summary>
public sealed partial class AccessibilityTests(ChromiumFixture chromium, PortalServer server, ITestOutputHelper output)
    : JourneyTest(chromium, server, output)
{
    private const string InvalidReference = "This reference is far too long for the field: 51 ch";

    /// <summary>A state of the portal: who looks (null: nobody logged in), how to get there and when it has settled.</summary>
    private sealed record PortalState(string Name, string? User, bool Interactive, Func<IPage, Task> ArriveAsync);

    /// <summary>In this order: the last state of a user may leave that user's page with unsaved edits.</summary>
    private static readonly PortalState[] States =
    [
        new("Log in", null, false, async page => await new LoginPage(page).GotoAsync()),
        new("Log in after a wrong password", null, false, async page =>
        {
            var login = await new LoginPage(page).GotoAsync();
            await login.SubmitAsync("su", "wrong password");
            await Expect(login.Alert).ToBeVisibleAsync();
        }),
        new("Error page", null, false, async page =>
        {
            await page.GotoAsync("/error");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Something went wrong", Level = 1 })).ToBeVisibleAsync();
        }),
        new("Customers, all (su)", "su", true, async page =>
        {
            var customers = await new CustomersPage(page).GotoAsync();
            await Expect(customers.Rows).ToHaveCountAsync(25);
        }),
        new("Customers, search with results (su, \"rapi\")", "su", true, async page =>
        {
            var customers = await new CustomersPage(page).GotoAsync("rapi");
            await customers.ExpectCustomersAsync("Rapidity Inc", "Rapidity Locators Inc");
        }),
        new("Customers, search without a match (su)", "su", true, async page =>
        {
            var customers = await new CustomersPage(page).GotoAsync("no such customer");
            await Expect(customers.EmptyState).ToBeVisibleAsync();
        }),
        new("Customers, empty (operator sees no customer)", "operator", true, async page =>
        {
            var customers = await new CustomersPage(page).GotoAsync();
            await Expect(customers.EmptyState).ToBeVisibleAsync();
        }),
        new("Customer, read-only (auditor, 3140)", "auditor", true, async page =>
        {
            var customer = await new CustomerPage(page).GotoAsync(3140);
            await customer.ExpectReadOnlyAsync();
        }),
        new("Customer with its parents and the customers below (su, 3140)", "su", true, async page =>
        {
            var customer = await new CustomerPage(page).GotoAsync(3140);
            await customer.ExpectEditableAsync();
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link, new() { Name = "Rapidity Inc" }))
                .ToBeVisibleAsync();
            await Expect(page.Locator(".jarvis-children-list").GetByRole(AriaRole.Link, new() { Name = "Harbour Freight Co" })).ToBeVisibleAsync();
            await Expect(page.Locator(".jarvis-history")).ToBeVisibleAsync();
        }),
        new("Customer not found (su, 99)", "su", true, async page =>
        {
            var customer = await new CustomerPage(page).GotoAsync(99);
            await Expect(customer.NotFoundHeading).ToBeVisibleAsync();
        }),
        new("Page not found (su)", "su", true, async page =>
        {
            await page.GotoAsync("/no-such-page");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found", Level = 1 })).ToBeVisibleAsync();
        }),
        new("Customers, the notice after a delete (su)", "su", true, async page =>
        {
            await page.GotoAsync("/customers?deleted=Example%20Ltd");
            var customers = new CustomersPage(page);
            await customers.ExpectShownAsync();
            await Expect(customers.DeletedNotice).ToHaveTextAsync("Customer “Example Ltd” was deleted.");
        }),
        new("New customer, a name the server refused (su)", "su", true, async page =>
        {
            var form = await new NewCustomerPage(page).GotoAsync();
            await form.Name.FillAsync("Rapidity Inc");
            await form.CreateButton.ClickAsync();
            await Expect(form.Name).ToHaveAttributeAsync("aria-invalid", "true");
        }),
        new("New customer, the parent picker's choices open (rapidity)", "rapidity", true, async page =>
        {
            var form = await new NewCustomerPage(page).GotoAsync();
            await Expect(form.Parent).ToHaveValueAsync("Rapidity Inc");
            await form.Parent.FillAsync("o");
            await Expect(form.ParentChoice("Swift Couriers Ltd", 3140)).ToBeVisibleAsync();
        }),
        new("Customer, the delete dialog (su, 3141)", "su", true, async page =>
        {
            var customer = await new CustomerPage(page).GotoAsync(3141);
            await customer.ExpectEditableAsync();
            await customer.DeleteButton.ClickAsync();
            await Expect(customer.ConfirmDeleteButton).ToBeVisibleAsync();
            await Expect(customer.CancelDeleteButton).ToBeFocusedAsync();
        }),
        new("Customer, the delete dialog blocked by service numbers (su, 1551)", "su", true, async page =>
        {
            var customer = await new CustomerPage(page).GotoAsync(1551);
            await customer.ExpectEditableAsync();
            await customer.DeleteButton.ClickAsync();
            await Expect(customer.CloseDeleteButton).ToBeFocusedAsync();
        }),
        new("API tokens, a new token shown once and the list (su)", "su", true, async page =>
        {
            var tokens = await new ApiTokensPage(page).GotoAsync();
            await tokens.MakeAsync($"a11y-{Guid.NewGuid():N}"[..14], readOnly: true);
            await Expect(tokens.Rows.First).ToBeVisibleAsync();
        }),
        new("Customer, editing with an invalid reference (su, 1551)", "su", true, async page =>
        {
            var customer = await new CustomerPage(page).GotoAsync(1551);
            await customer.ExpectEditableAsync();
            await customer.Reference.FillAsync(InvalidReference);
            await Expect(customer.Reference).ToHaveAttributeAsync("aria-invalid", "true");
        }),
        new("Customer, leaving with unsaved changes: the dialog (su, 1551)", "su", true, async page =>
        {
            var customer = new CustomerPage(page);
            await Expect(customer.Reference).ToHaveValueAsync(InvalidReference);
            await customer.CustomersBreadcrumb.ClickAsync();
            await Expect(customer.LeaveDialog).ToBeVisibleAsync();
            await Expect(customer.StayButton).ToBeFocusedAsync();
        }),
        new("Customer, changed by someone else while editing: the live banner (rapidity, 3141)", "rapidity", true, async page =>
        {
            // The customer changes behind the open page with unsaved input (here through the API with the same
            // session, as another tab would): the input stays and the change shows beside it.
            var customer = await new CustomerPage(page).GotoAsync(3141);
            await customer.ExpectEditableAsync();
            await customer.Reference.FillAsync("MINE-1");
            await using var elsewhere = new JarvisApi(page.Context.APIRequest, ownsRequest: false);
            await elsewhere.PutCustomerAsync(3141, null, $"Changed meanwhile {Guid.NewGuid():N}");
            await Expect(customer.LiveConflict).ToBeVisibleAsync();
            await Expect(page.Locator(".jarvis-conflict-field")).Not.ToHaveCountAsync(0);
        }),
        new("Customer, save refused by a change made meanwhile: the conflict view and a history with entries (rapidity, 3141)", "rapidity", true, async page =>
        {
            var customer = new CustomerPage(page);
            await Expect(customer.Reference).ToHaveValueAsync("MINE-1");
            await customer.SaveButton.ClickAsync();
            await Expect(page.Locator(".jarvis-conflict")).ToBeVisibleAsync();
            await Expect(page.Locator(".jarvis-conflict-field")).Not.ToHaveCountAsync(0);
            await Expect(page.Locator(".jarvis-history .jarvis-history-new").First).ToBeVisibleAsync();
        }),
    ];

    /// <summary>
    /// One pass over every state per theme (logging in and arriving is the slow part on a shared machine): axe-core at
    /// 1280 px, then the focus ring of every Tab stop, then the width at 320 px, then the text at 200 % in a 640 px window.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task EveryPageAndState_PassesAxe_ShowsAFocusRingOnEveryStop_AndReflowsAt320PxAnd200PercentText(bool dark) => JourneyAsync(async () =>
    {
        var look = new BrowserLook(Dark: dark);
        var axeOptions = new AxeRunOptions
        {
            // WCAG 2.2 AA's target size (2.5.8) is off in axe by default.
            Rules = new Dictionary<string, RuleOptions> { ["target-size"] = new() { Enabled = true } },
        };
        var failures = new StringBuilder();
        var covered = await ForEachStateAsync(look, async (state, page) =>
        {
            var where = $"{state.Name} ({look.Theme})";
            var axe = await page.RunAxe(axeOptions);
            foreach (var violation in axe.Violations)
            {
                failures.AppendLine(CultureInfo.InvariantCulture, $"axe, {where}: {violation.Id} [{violation.Impact}] {violation.Help}");
                foreach (var node in violation.Nodes)
                {
                    var checks = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message);
                    failures.AppendLine(CultureInfo.InvariantCulture, $"    {node.Target}: {node.Html}");
                    failures.AppendLine(CultureInfo.InvariantCulture, $"      {string.Join(" | ", checks)}");
                }
            }

            var rings = await TabThroughAsync(page);
            foreach (var ring in rings.Where(r => !r.Passes))
            {
                failures.AppendLine(CultureInfo.InvariantCulture, $"focus ring, {where}: {ring}");
            }

            await page.SetViewportSizeAsync(320, 640);
            await SettledAsync(page, state, look);
            var narrow = await HorizontalOverflowAsync(page);
            await page.SetViewportSizeAsync(640, 900);
            await page.EvaluateAsync("() => document.documentElement.style.fontSize = '200%'");
            await SettledAsync(page, state, look);
            var bigText = await HorizontalOverflowAsync(page);
            await page.EvaluateAsync("() => document.documentElement.style.fontSize = ''");
            await page.SetViewportSizeAsync(look.Width, look.Height);
            if (narrow is not null)
            {
                failures.AppendLine(CultureInfo.InvariantCulture, $"320 px, {where}: {narrow}");
            }

            if (bigText is not null)
            {
                failures.AppendLine(CultureInfo.InvariantCulture, $"200 % text, {where}: {bigText}");
            }

            var weakest = rings.Count == 0 ? "-" : rings.Min(r => r.Contrast).ToString("F2", CultureInfo.InvariantCulture) + ":1";
            return $"axe {axe.Passes.Length} rules passed, {axe.Violations.Length} violated; {rings.Count} focus stops, weakest ring {weakest}; " +
                $"320 px: {narrow ?? "no sideways scroll"}; 200 % text: {bigText ?? "no sideways scroll"}";
        });

        Assert.Equal(States.Length, covered);
        Assert.True(failures.Length == 0, $"Accessibility failures:{Environment.NewLine}{failures}");
    }, NotFoundPageStatus);

    /// <summary>The "Page not found" state is a 404 answer, which Chromium logs to the console; nothing else may be logged.</summary>
    private static bool NotFoundPageStatus(string consoleLine) =>
        consoleLine.Contains("status of 404 (Not Found)", StringComparison.Ordinal) && consoleLine.Contains("/no-such-page", StringComparison.Ordinal);

    /// <summary>
    /// Brings the page of each state about, waits until it has settled (circuit up, theme applied, no transition
    /// running), runs <paramref name="check"/> and prints what it said. One browser per user and theme.
    /// </summary>
    private async Task<int> ForEachStateAsync(BrowserLook look, Func<PortalState, IPage, Task<string>> check)
    {
        var browsers = new Dictionary<string, IPage>();
        var covered = 0;
        foreach (var state in States)
        {
            var key = state.User ?? "";
            if (!browsers.TryGetValue(key, out var page))
            {
                page = state.User is null
                    ? (await OpenBrowserAsync($"anonymous-{look.Theme}-{look.Width}", look)).Page
                    : (await LogInAsync(state.User, look)).Browser.Page;
                browsers[key] = page;
            }

            await state.ArriveAsync(page);
            await SettledAsync(page, state, look);
            var said = await check(state, page);
            Output.WriteLine($"[{look.Theme}, {look.Width} px] {state.Name}: {said}");
            covered++;
        }

        return covered;
    }

    private static async Task SettledAsync(IPage page, PortalState state, BrowserLook look)
    {
        if (state.Interactive)
        {
            var layout = page.Locator(".jarvis-app[data-interactive=true]");
            await Expect(layout).ToHaveCountAsync(1);
            if (look.Dark)
            {
                await Expect(layout).ToHaveClassAsync(DarkClass());
            }
            else
            {
                await Expect(layout).Not.ToHaveClassAsync(DarkClass());
            }
        }

        // Finite animations and transitions (a floating label, a fading dialog) have ended; endless ones may run. An
        // ended animation that fills forwards (MudBlazor's dialog opens with "animation: ... both") stays in
        // getAnimations() for good, finished: waiting for it to go away never ends.
        await page.WaitForFunctionAsync(
            "() => document.getAnimations().every(a => a.playState === 'finished' || a.effect?.getComputedTiming().iterations === Infinity)");
    }

    /// <summary>Null when the page is no wider than its window, else how much wider and the widest element.</summary>
    private static Task<string?> HorizontalOverflowAsync(IPage page) => page.EvaluateAsync<string?>("""
        () => {
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth) return null;
            let widest = null;
            for (const element of document.body.querySelectorAll('*')) {
                const right = element.getBoundingClientRect().right;
                if (right > root.clientWidth + 1 && (!widest || right > widest.right)) {
                    widest = { right, what: element.tagName.toLowerCase() + (element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\s+/).join('.') : '') };
                }
            }
            return `scrollWidth ${root.scrollWidth} > ${root.clientWidth}` + (widest ? `, widest: ${widest.what} (right edge ${Math.round(widest.right)})` : '');
        }
        """);

    /// <summary>
    /// Presses Tab from the top of the page until the focus leaves the page or comes back round, and measures the ring of
    /// every element that took the focus (or, for a text field, of the field around it).
    /// </summary>
    private static async Task<List<FocusRing>> TabThroughAsync(IPage page)
    {
        // Start the sweep at the top of the page: Tab goes on from where the focus last was (a heading, a field), so a
        // marker that only a script can focus, before everything else, takes the focus first.
        await page.EvaluateAsync("""
            () => {
                const start = document.createElement('span');
                start.id = 'jarvis-tab-sweep-start';
                start.tabIndex = -1;
                document.body.prepend(start);
                start.focus();
            }
            """);
        var rings = new List<FocusRing>();
        var seen = new HashSet<string>();
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var measured = await page.EvaluateAsync<JsonElement?>(MeasureFocusRing);
            var ring = measured is { ValueKind: JsonValueKind.Object } json ? FocusRing.From(json) : null;
            if (ring is null || !seen.Add(ring.Element))
            {
                break;
            }

            rings.Add(ring);
        }

        await page.EvaluateAsync("() => document.getElementById('jarvis-tab-sweep-start')?.remove()");
        return rings;
    }

    /// <summary>
    /// The focused element's ring: its outline (for a text field, the outline of the MudBlazor field around it), and the
    /// contrast of the outline's colour against the first opaque background behind the element, as WCAG computes it.
    /// </summary>
    private const string MeasureFocusRing = """
        () => {
            const focused = document.activeElement;
            if (!focused || focused === document.body) return null;
            const ringHolder = focused.matches('input, textarea') ? (focused.closest('.mud-input') ?? focused) : focused;
            const style = getComputedStyle(ringHolder);
            const rgb = text => (text.match(/[\d.]+/g) ?? []).map(Number);
            const luminance = ([r, g, b]) => {
                const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
                return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
            };
            let background = [255, 255, 255];
            for (let e = ringHolder.parentElement; e; e = e.parentElement) {
                const c = rgb(getComputedStyle(e).backgroundColor);
                if (c.length >= 3 && (c.length === 3 || c[3] > 0.9)) { background = c.slice(0, 3); break; }
            }
            const outline = rgb(style.outlineColor).slice(0, 3);
            const [light, dark] = [luminance(outline), luminance(background)].sort((a, b) => b - a);
            const name = (focused.getAttribute('aria-label') || focused.textContent || focused.id || '').trim().slice(0, 40);
            return {
                element: `${focused.tagName.toLowerCase()} "${name}" #${[...document.querySelectorAll('*')].indexOf(focused)}`,
                outlineStyle: style.outlineStyle,
                outlineWidth: parseFloat(style.outlineWidth) || 0,
                outlineColor: style.outlineColor,
                background: `rgb(${background.join(', ')})`,
                contrast: (light + 0.05) / (dark + 0.05),
            };
        }
        """;

    [GeneratedRegex(@"\bjarvis-dark\b")]
    private static partial Regex DarkClass();

    private sealed record FocusRing(string Element, string OutlineStyle, double OutlineWidth, string OutlineColor, string Background, double Contrast)
    {
        public static FocusRing From(JsonElement json) => new(
            json.GetProperty("element").GetString()!,
            json.GetProperty("outlineStyle").GetString()!,
            json.GetProperty("outlineWidth").GetDouble(),
            json.GetProperty("outlineColor").GetString()!,
            json.GetProperty("background").GetString()!,
            json.GetProperty("contrast").GetDouble());

        public bool Passes => OutlineStyle is not ("none" or "hidden") && OutlineWidth >= 2 && Contrast >= 3;

        public override string ToString() =>
            $"{Element}: outline {OutlineStyle} {OutlineWidth}px {OutlineColor} on {Background}, contrast {Contrast:F2}:1";
    }
}
