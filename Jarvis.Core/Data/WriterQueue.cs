namespace Jarvis.Core.Data;

/// <summary>
/// An asynchronous lock that hands itself to its waiters in the order they came (first come, first served): a writer
/// that waits is never overtaken by a later one, and no thread is held while it waits.
/// </summary>
internal sealed class WriterQueue
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource<bool>> _waiting = new();
    private bool _held;

    /// <summary>The number of callers waiting now (not the holder).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count(w => !w.Task.IsCompleted);
            }
        }
    }

    /// <summary>
    /// True once the caller holds the lock (it must call <see cref="Release"/> exactly once); false when
    /// <paramref name="timeout"/> passed first. Throws <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    public async Task<bool> EnterAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> waiter;
        lock (_gate)
        {
            if (!_held)
            {
                _held = true;
                return true;
            }

            waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
        }

        // Whichever completes the waiter first wins: Release handing over, the timeout, or the cancellation. A waiter
        // that gave up stays in the queue, completed, and Release skips it.
        using var timer = new CancellationTokenSource(timeout);
        await using var onTimeout = timer.Token.Register(static w => ((TaskCompletionSource<bool>)w!).TrySetResult(false), waiter);
        await using var onCancel = cancellationToken.Register(
            static s => { var (w, token) = ((TaskCompletionSource<bool>, CancellationToken))s!; w.TrySetCanceled(token); },
            (waiter, cancellationToken));
        return await waiter.Task;
    }

    /// <summary>Hands the lock to the longest-waiting caller, or frees it when nobody waits.</summary>
    public void Release()
    {
        lock (_gate)
        {
            while (_waiting.TryDequeue(out var next))
            {
                if (next.TrySetResult(true))
                {
                    return;
                }
            }

            _held = false;
        }
    }
}
