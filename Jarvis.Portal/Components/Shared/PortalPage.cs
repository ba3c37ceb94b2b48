using Jarvis.Core.Security;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.Components;

namespace Jarvis.Portal.Components.Shared;

/// <summary>
/// A page that needs a live session for every action. A circuit keeps running after the session has expired on the
/// server, so each load or save asks <see cref="ICurrentUser"/> again and sends the user to the login page when it
/// answers null, instead of showing an empty or failing page.
/// </summary>
public abstract class PortalPage : ComponentBase
{
    [Inject]
    protected ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    /// <summary>The user, or null after starting the redirect to the login page. The session lookup runs off the circuit.</summary>
    protected async Task<JarvisUser?> RequireUserAsync(CancellationToken cancellationToken = default)
    {
        var user = await OffCircuit.RunAsync(ct => CurrentUser.GetUserAsync(ct).AsTask(), cancellationToken);
        if (user is null)
        {
            SendToLogin();
        }

        return user;
    }

    protected virtual void SendToLogin() => Navigation.NavigateTo(LoginRedirect.UrlFor(Navigation), forceLoad: true);
}
