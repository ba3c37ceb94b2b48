using Bunit;
using Jarvis.Core.Customers;
using Jarvis.Core.Security;
using Jarvis.Portal.Components.Pages.Customers;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Jarvis.Portal.Tests.Components;

/// <summary>
/// In a circuit Core sees the user of the circuit's session, looked up again for every page action (API.md section 2:
/// sessions live on the server, so one that ends stops working at once); the calls of one action share one lookup.
/// </summary>
public sealed class PortalCurrentUserTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TableLoad_InOneAction_LooksTheSessionUpOnce_AndTheNextActionAgain()
    {
        await using var host = await PortalTestHost.CreateAsync(null);
        var sessions = host.Context.Services.GetRequiredService<SessionStore>();
        var state = new SessionState("su") { SessionId = await sessions.CreateAsync(PortalTestHost.UserOf("su").Id) };
        var currentUser = new PortalCurrentUser(new ServiceCollection().AddSingleton<AuthenticationStateProvider>(state).BuildServiceProvider(), sessions);
        var customers = ActivatorUtilities.CreateInstance<CustomerService>(host.Context.Services, (ICurrentUser)currentUser);

        using (currentUser.BeginAction())
        {
            // What CustomerList.LoadAsync does: the page's check, the count, the page of rows.
            Assert.Equal("su", (await currentUser.GetUserAsync())?.Username);
            Assert.Equal(2, await customers.CountAsync("rapi"));
            await foreach (var _ in customers.SearchAsync(new CustomerQuery("rapi")))
            {
            }
        }

        Assert.Equal(1, state.Calls);

        await sessions.DeleteAsync(state.SessionId);
        using (currentUser.BeginAction())
        {
            Assert.Null(await currentUser.GetUserAsync());
        }

        // Outside an action a call looks the session up on its own.
        Assert.Equal(0, await customers.CountAsync("rapi"));
        Assert.Equal(3, state.Calls);
    }

    [Fact]
    public async Task ActionBegunWhileALookupRuns_SharesIt_AndOneBegunAfterItEnded_LooksAgain()
    {
        await using var host = await PortalTestHost.CreateAsync(null);
        var sessions = host.Context.Services.GetRequiredService<SessionStore>();
        var state = new SessionState("su") { SessionId = await sessions.CreateAsync(PortalTestHost.UserOf("su").Id) };
        var currentUser = new PortalCurrentUser(new ServiceCollection().AddSingleton<AuthenticationStateProvider>(state).BuildServiceProvider(), sessions);
        var gate = state.Hold();

        using var first = currentUser.BeginAction();
        var firstCheck = currentUser.GetUserAsync().AsTask();
        using (currentUser.BeginAction())
        {
            var secondCheck = currentUser.GetUserAsync().AsTask();
            gate.SetResult();
            Assert.Equal(["su", "su"], (await Task.WhenAll(firstCheck, secondCheck)).Select(u => u?.Username));
        }

        Assert.Equal(1, state.Calls);
        await sessions.DeleteAsync(state.SessionId);
        using (currentUser.BeginAction())
        {
            Assert.Null(await currentUser.GetUserAsync());
        }

        // The first action is still open: its next call sees the newer lookup.
        Assert.Null(await currentUser.GetUserAsync());
        Assert.Equal(2, state.Calls);
    }

    [Fact]
    public async Task CustomerList_ShowsWhatTheCircuitsUserMaySee_AndAfterTheSessionEndsElsewhereGoesToTheLoginPage()
    {
        var state = new SessionState("rapidity");
        await using var host = await PortalTestHost.CreateAsync(null, services: s => s
            .AddSingleton<AuthenticationStateProvider>(state)
            .AddScoped<PortalCurrentUser>()
            .AddScoped<ICurrentUser>(sp => sp.GetRequiredService<PortalCurrentUser>()));
        var sessions = host.Context.Services.GetRequiredService<SessionStore>();
        state.SessionId = await sessions.CreateAsync(PortalTestHost.UserOf("rapidity").Id);
        var seen = await host.ServiceAs("rapidity").SearchAsync(new CustomerQuery(null)).Select(c => c.Name).ToListAsync();
        Assert.NotEqual(seen, await host.ServiceAs("su").SearchAsync(new CustomerQuery(null, 0, 25)).Select(c => c.Name).ToListAsync());
        host.NavigateTo("/customers");

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(seen, RowNames(page)), Wait);
        var lookups = state.Calls;
        page.Find("input[type=text]").Input("swift");
        page.WaitForAssertion(() => Assert.Equal(["Swift Couriers Ltd"], RowNames(page)), Wait);
        // The page's check, the count and the rows: one lookup for the search.
        Assert.Equal(lookups + 1, state.Calls);

        await sessions.DeleteAsync(state.SessionId);
        page.Find("input[type=text]").Input("rapi");

        page.WaitForAssertion(() => Assert.Equal("/login?returnUrl=%2Fcustomers%3Fq%3Drapi", host.CurrentUrl), Wait);
        Assert.Equal(["Swift Couriers Ltd"], RowNames(page));
    }

    private static List<string> RowNames(IRenderedComponent<CustomerList> page) =>
        page.FindAll("tbody a.jarvis-row-link").Select(a => a.TextContent).ToList();

    /// <summary>A circuit's authentication state: the principal the session scheme made at login, with its session id.</summary>
    private sealed class SessionState(string username) : AuthenticationStateProvider
    {
        private TaskCompletionSource? _gate;
        private int _calls;

        public string SessionId { get; set; } = "";

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>Holds the lookups until the returned gate is set.</summary>
        public TaskCompletionSource Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<AuthenticationState> GetAuthenticationStateAsync()
        {
            Interlocked.Increment(ref _calls);
            await (_gate?.Task ?? Task.CompletedTask);
            return new AuthenticationState(JarvisClaims.PrincipalFor(PortalTestHost.UserOf(username), SessionId, "test"));
        }
    }
}
