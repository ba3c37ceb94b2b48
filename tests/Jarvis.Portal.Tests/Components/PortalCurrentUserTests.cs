using Jarvis.Core.Customers;
using Jarvis.Core.Security;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Jarvis.Portal.Tests.Components;

/// <summary>In a circuit the session is checked on every call, but the calls of one page action share one lookup.</summary>
public sealed class PortalCurrentUserTests
{
    [Fact]
    public async Task TableLoad_InOneAction_LooksTheSessionUpOnce_AndTheNextActionAgain()
    {
        await using var host = await PortalTestHost.CreateAsync(null);
        var sessions = host.Context.Services.GetRequiredService<SessionStore>();
        var su = PortalTestHost.UserOf("su");
        var sessionId = await sessions.CreateAsync(su.Id);
        var state = new CountingState(sessionId);
        var currentUser = new PortalCurrentUser(new ServiceCollection().AddSingleton<AuthenticationStateProvider>(state).BuildServiceProvider(), sessions);
        var customers = ActivatorUtilities.CreateInstance<CustomerService>(host.Context.Services, (ICurrentUser)currentUser);

        using (PortalCurrentUser.ShareLookup())
        {
            // What CustomerList.LoadAsync does: its own check, the count, the page of rows.
            Assert.Equal("su", (await currentUser.GetUserAsync())?.Username);
            Assert.Equal(2, await customers.CountAsync("rapi"));
            await foreach (var _ in customers.SearchAsync(new CustomerQuery("rapi")))
            {
            }
        }

        Assert.Equal(1, state.Calls);

        await sessions.DeleteAsync(sessionId);
        using (PortalCurrentUser.ShareLookup())
        {
            Assert.Null(await currentUser.GetUserAsync());
        }

        Assert.Equal(0, await customers.CountAsync("rapi"));
        Assert.Equal(3, state.Calls);
    }

    private sealed class CountingState(string sessionId) : AuthenticationStateProvider
    {
        public int Calls { get; private set; }

        public override Task<AuthenticationState> GetAuthenticationStateAsync()
        {
            Calls++;
            var principal = JarvisClaims.PrincipalFor(PortalTestHost.UserOf("su"), sessionId, "test");
            return Task.FromResult(new AuthenticationState(principal));
        }
    }
}
