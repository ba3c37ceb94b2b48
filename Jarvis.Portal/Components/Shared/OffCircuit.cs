namespace Jarvis.Portal.Components.Shared;

/// <summary>
/// Runs database work from a component on a thread of its own instead of the circuit's synchronization context.
/// Microsoft.Data.Sqlite's async methods complete synchronously, so a query awaited on the circuit would hold it: no
/// click, keystroke or render of that user's page could run until the query ends. Core stays unaware of circuits; this
/// is the one door pages go through (<see cref="PortalPage"/>).
/// </summary>
/// <remarks>
/// Not <c>Task.Run</c>: a SQLite query blocks whatever thread runs it, and on a small host the thread pool starts with
/// one worker per core and adds one about every half second when they are all busy. Measured on a 2-core machine with
/// one slow search on the pool, a theme toggle took 968 ms instead of 80 ms; the circuits need those workers.
/// </remarks>
public static class OffCircuit
{
    /// <summary>
    /// Starts <paramref name="work"/> on a dedicated thread and waits for it, or only until <paramref name="cancellationToken"/>
    /// is cancelled: a query that cannot be interrupted then finishes alone and its answer is dropped. The work must not
    /// touch the component's state; the caller uses the answer after the await, back on the circuit.
    /// </summary>
    public static Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => work(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .Unwrap()
            .WaitAsync(cancellationToken);
}
