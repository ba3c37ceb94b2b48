using Jarvis.Core.Security;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.Components;

namespace Jarvis.Portal.Components.Shared;

/// <summary>
/// A page or panel that calls Core, always through <see cref="RunAsync{T}"/>: off the circuit, as the circuit's user,
/// after checking that the session still lives (a circuit outlives its session), with a database failure logged and
/// handed to the page's error state instead of ending the circuit.
/// </summary>
public abstract class PortalPage : ComponentBase
{
    private ILogger? _logger;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private ILoggerFactory Loggers { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    protected ILogger Logger => _logger ??= Loggers.CreateLogger(GetType());

    /// <summary>
    /// Runs <paramref name="work"/> as the circuit's user. Done is false (and Value default) when the session has ended
    /// (the browser goes to the login page), when <paramref name="cancellationToken"/> is cancelled, or when the database
    /// failed (logged, then <paramref name="failed"/> runs). The work runs off the circuit, so it returns what the page
    /// needs instead of touching the page's fields.
    /// </summary>
    protected async Task<(bool Done, T Value)> RunAsync<T>(
        Func<JarvisUser, CancellationToken, Task<T>> work, Action? failed = null, CancellationToken cancellationToken = default)
    {
        // The check and Core's calls share one session lookup; a test's stand-in user has no lookup to share.
        using var action = (CurrentUser as PortalCurrentUser)?.BeginAction();
        try
        {
            var (user, value) = await OffCircuit<(JarvisUser?, T?)>(
                async ct => await CurrentUser.GetUserAsync(ct) is { } user ? (user, await work(user, ct)) : default, cancellationToken);
            if (user is null)
            {
                SendToLogin();
            }

            return (user is not null, value!);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (DatabaseOutage.IsDatabaseFailure(e))
        {
            Logger.LogError(e, "A database call from the page failed");
            failed?.Invoke();
        }

        return (false, default!);
    }

    protected virtual void SendToLogin()
    {
        // A panel of the page may have found the session gone first.
        if (Navigation.ToBaseRelativePath(Navigation.Uri).Split('?')[0] != "login")
        {
            Navigation.NavigateTo(LoginRedirect.UrlFor(Navigation), forceLoad: true);
        }
    }

    /// <summary>
    /// Starts <paramref name="work"/> on a thread of its own and waits for it, or only until
    /// <paramref name="cancellationToken"/> is cancelled: a query that cannot be interrupted then finishes alone and its
    /// answer is dropped. Microsoft.Data.Sqlite's async methods complete synchronously, so a query awaited on the circuit
    /// would hold it: no click, keystroke or render of that user's page could run until it ends.
    /// </summary>
    /// <remarks>
    /// Not <c>Task.Run</c>: a SQLite query blocks whatever thread runs it, and on a small host the thread pool starts with
    /// one worker per core and adds one about every half second when they are all busy. Measured on a 2-core machine with
    /// one slow search on the pool, a theme toggle took 968 ms instead of 80 ms; the circuits need those workers.
    /// </remarks>
    private static Task<T> OffCircuit<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => work(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .Unwrap()
            .WaitAsync(cancellationToken);
}
