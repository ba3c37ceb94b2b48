namespace Jarvis.Portal.Components.Shared;

/// <summary>
/// Runs database work from a component on the thread pool instead of the circuit's synchronization context.
/// Microsoft.Data.Sqlite's async methods complete synchronously, so a query awaited on the circuit would hold it: no
/// click, keystroke or render of that user's page could run until the query ends. Core stays unaware of circuits; this
/// is the one door components go through (<see cref="PortalPage"/> and the layout use it).
/// </summary>
public static class OffCircuit
{
    /// <summary>
    /// Starts <paramref name="work"/> on the thread pool and waits for it, or only until <paramref name="cancellationToken"/>
    /// is cancelled: a query that cannot be interrupted then finishes alone and its answer is dropped. The work must not
    /// touch the component's state; the caller uses the answer after the await, back on the circuit.
    /// </summary>
    public static Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        Task.Run(() => work(cancellationToken), cancellationToken).WaitAsync(cancellationToken);
}
