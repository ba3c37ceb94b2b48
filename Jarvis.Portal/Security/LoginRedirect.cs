using Microsoft.AspNetCore.Components;

namespace Jarvis.Portal.Security;

/// <summary>Where to send a user whose session is gone: the login page, coming back to the page they were on.</summary>
public static class LoginRedirect
{
    public static string UrlFor(NavigationManager navigation) => UrlFor("/" + navigation.ToBaseRelativePath(navigation.Uri));

    public static string UrlFor(string returnUrl) =>
        returnUrl is "/" or "" ? "/login" : $"/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
}
