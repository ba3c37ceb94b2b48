using Bunit;
using Bunit.TestDoubles;
using Jarvis.Core;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Diagnostics;
using Jarvis.Core.Security;
using Jarvis.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Jarvis.Portal.Tests.Components;

/// <summary>
/// A bUnit context wired like the portal: MudBlazor, and Core on a real SQLite file with the demo data, seen through a
/// <see cref="SwitchableUser"/> that a test can log out (an expired session) at any time.
/// </summary>
public sealed class PortalTestHost : IAsyncDisposable
{
    private PortalTestHost(string folder, string? username, bool renderProviders = true, Action<IServiceCollection>? services = null)
    {
        Folder = folder;
        DatabaseFile = Path.Combine(folder, "jarvis.db");
        Context = new BunitContext();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        // The principal the session scheme would have made: what the layout reads from the cascaded state.
        var authorization = Context.AddAuthorization();
        User = new SwitchableUser(username is null ? null : UserOf(username), authorization);

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Jarvis"] = $"Data Source={DatabaseFile};Default Timeout=5",
                ["Jarvis:Database:Provider"] = "Sqlite",
            })
            .Build();
        Context.Services.AddLogging();
        Context.Services.AddJarvisCore(configuration);
        Context.Services.AddSingleton<ICurrentUser>(User);
        Context.Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery());
        Context.Services.AddMudServices();
        Context.Services.AddScoped<Jarvis.Portal.Components.Shared.CustomersAddress.LastShown>();
        Context.Services.AddScoped<Jarvis.Portal.Components.Shared.BrowserTime>();
        services?.Invoke(Context.Services);
        Context.SetRendererInfo(new RendererInfo("Server", true));
        if (renderProviders)
        {
            Popovers = Context.Render<MudPopoverProvider>();
            Dialogs = Context.Render<MudDialogProvider>();
        }
    }

    public BunitContext Context { get; }

    /// <summary>Where MudBlazor popovers (an autocomplete's choices) render.</summary>
    public IRenderedComponent<MudPopoverProvider>? Popovers { get; }

    /// <summary>Where MudBlazor dialogs (the unsaved-changes question) render.</summary>
    public IRenderedComponent<MudDialogProvider>? Dialogs { get; }

    public SwitchableUser User { get; }

    public string Folder { get; }

    public string DatabaseFile { get; }

    public NavigationManager Navigation => Context.Services.GetRequiredService<NavigationManager>();

    /// <summary>
    /// A host on a fresh copy of the demo database, as the demo user <paramref name="username"/> (null: nobody).
    /// Without <paramref name="renderProviders"/> the test renders MudBlazor's providers itself (the layout does);
    /// <paramref name="services"/> replaces registrations (the portal's own current user, say).
    /// </summary>
    public static async Task<PortalTestHost> CreateAsync(string? username, bool renderProviders = true, Action<IServiceCollection>? services = null)
    {
        var folder = NewFolder();
        await TestDatabase.CopyDemoDatabaseAsync(Path.Combine(folder, "jarvis.db"));
        return new PortalTestHost(folder, username, renderProviders, services);
    }

    /// <summary>A host whose database file does not exist and cannot be created: every query fails with a DbException.</summary>
    public static PortalTestHost CreateWithDatabaseDown(string username)
    {
        var folder = NewFolder();
        var host = new PortalTestHost(folder, username);
        Directory.Delete(folder);
        return host;
    }

    /// <summary>Brings a "down" database back, filled with the demo data.</summary>
    public async Task BringDatabaseUpAsync()
    {
        Directory.CreateDirectory(Folder);
        await TestDatabase.CopyDemoDatabaseAsync(DatabaseFile);
    }

    public void NavigateTo(string relativeUrl) => Navigation.NavigateTo(relativeUrl);

    /// <summary>The path and query of the current address, e.g. <c>/customers?q=rapi</c>.</summary>
    public string CurrentUrl => "/" + Navigation.ToBaseRelativePath(Navigation.Uri);

    /// <summary>Core's customer service as <paramref name="username"/>, to state what a page should show.</summary>
    public CustomerService ServiceAs(string username)
    {
        var database = Context.Services.GetRequiredService<JarvisDatabase>();
        var policy = Context.Services.GetRequiredService<AccessPolicy>();
        return new CustomerService(database, Context.Services.GetRequiredService<CustomerStatements>(), Context.Services.GetRequiredService<SearchPlanner>(), new SwitchableUser(UserOf(username)), policy, Context.Services.GetRequiredService<JarvisTelemetry>());
    }

    public static JarvisUser UserOf(string username) => TestDatabase.UserOf(username);

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        // Clears SQLite's pools and deletes the folder (also one a test took down by deleting it).
        TempFolder.Delete(Folder);
    }

    private static string NewFolder() => TempFolder.Create("jarvis-portal-component-tests");

    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }
}

/// <summary>The logged-in user of a test; <see cref="Expire"/> is what a session timing out on the server looks like to a page.</summary>
public sealed class SwitchableUser : ICurrentUser
{
    private readonly BunitAuthorizationContext? _authorization;
    private JarvisUser? _user;
    private TaskCompletionSource? _gate;

    public SwitchableUser(JarvisUser? user, BunitAuthorizationContext? authorization = null)
    {
        _user = user;
        _authorization = authorization;
        if (user is not null)
        {
            authorization?.SetAuthorized(user.Username).SetRoles([.. user.Groups]);
        }
    }

    /// <summary>The session ends: Core's checks answer null at once, and the circuit's state turns anonymous.</summary>
    public void Expire()
    {
        _user = null;
        _authorization?.SetNotAuthorized();
    }

    private int _passing;
    private int _waiting;

    /// <summary>How many calls wait at the gate now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Holds every call until <see cref="Release"/>: a slow session check, so a test can see a page while it loads.</summary>
    public void Hold()
    {
        _passing = 0;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Lets the next <paramref name="passing"/> calls through and holds the ones after on the gate it returns. Completing
    /// that gate resumes the held calls on the completing thread, so the test knows they ran before it goes on.
    /// </summary>
    public TaskCompletionSource HoldAfter(int passing)
    {
        _passing = passing;
        var gate = new TaskCompletionSource();
        _gate = gate;
        return gate;
    }

    public void Release() => _gate?.TrySetResult();

    public async ValueTask<JarvisUser?> GetUserAsync(CancellationToken cancellationToken = default)
    {
        if (_gate is { } gate && Interlocked.Decrement(ref _passing) < 0)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        return _user;
    }
}
