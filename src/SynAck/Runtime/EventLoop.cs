namespace SynAck.Runtime;

/// <summary>
/// A single-threaded executor: work posted to it runs one item at a time, in the order posted,
/// never concurrently, so state owned by the loop needs no locks. Each network stack runs on one
/// loop, and calls from other threads are marshalled onto it with <see cref="Post(IWorkItem)"/>
/// or <see cref="InvokeAsync(Action)"/>.
/// </summary>
/// <remarks>
/// Two kinds exist: <see cref="ThreadEventLoop"/>, a dedicated thread on a real clock, and the
/// loops of a <see cref="Simulation"/>, which share one thread and a virtual clock. While a work
/// item runs, <see cref="SynchronizationContext.Current"/> is the loop's context, so an
/// <c>await</c> inside loop code continues on the same loop. Only SynAck itself derives loops.
/// </remarks>
public abstract class EventLoop : IDisposable
{
    private protected EventLoop(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Context = new EventLoopSynchronizationContext(this);
    }

    /// <summary>The loop's name, used in thread names and diagnostics.</summary>
    public string Name { get; }

    /// <summary>The clock of this loop: timestamps, timers and deadlines all come from it.</summary>
    public abstract TimeProvider Time { get; }

    /// <summary>
    /// Whether the caller is running on this loop: on its thread for a <see cref="ThreadEventLoop"/>,
    /// inside one of its own work items for a simulated loop.
    /// </summary>
    public abstract bool IsCurrentThread { get; }

    /// <summary>
    /// The options for a <see cref="TaskCompletionSource{TResult}"/> that code on this loop
    /// completes. A <see cref="ThreadEventLoop"/> gives
    /// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, so a caller's
    /// continuation never runs on (and blocks) the loop thread. A simulated loop gives
    /// <see cref="TaskCreationOptions.None"/>: there, continuations that are not <c>await</c>s on
    /// a captured context (<c>Task.WhenAll</c>, <c>Unwrap</c>) would otherwise be queued to the
    /// thread pool, outside the simulation, and the run would stall or lose determinism.
    /// </summary>
    public virtual TaskCreationOptions TaskCompletionOptions => TaskCreationOptions.RunContinuationsAsynchronously;

    /// <summary>Whether <see cref="Dispose()"/> has been called.</summary>
    public abstract bool IsDisposed { get; }

    /// <summary>The synchronisation context that posts to this loop.</summary>
    internal EventLoopSynchronizationContext Context { get; }

    /// <summary>Queues work to run on the loop. Safe from any thread; costs no allocation.</summary>
    /// <param name="workItem">The work to run.</param>
    /// <exception cref="ObjectDisposedException">The loop has been disposed.</exception>
    public void Post(IWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        Enqueue(WorkEntry.From(workItem));
    }

    /// <summary>
    /// Queues a callback with its state to run on the loop. Safe from any thread; with a static
    /// callback (no captured variables) it costs no allocation.
    /// </summary>
    /// <param name="callback">The callback to run.</param>
    /// <param name="state">The argument passed to <paramref name="callback"/>.</param>
    /// <exception cref="ObjectDisposedException">The loop has been disposed.</exception>
    public void Post(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Enqueue(WorkEntry.From(callback, state));
    }

    /// <summary>Queues an action to run on the loop. Safe from any thread.</summary>
    /// <param name="action">The action to run.</param>
    /// <exception cref="ObjectDisposedException">The loop has been disposed.</exception>
    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Enqueue(WorkEntry.From(action));
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the loop and completes when it has run, with its
    /// exception if it threw. The continuation of an <c>await</c> on the result never runs inline
    /// on the loop (see <see cref="TaskCompletionOptions"/>).
    /// </summary>
    /// <param name="action">The action to run.</param>
    /// <returns>A task that completes after the action ran.</returns>
    public Task InvokeAsync(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return InvokeAsync(() =>
        {
            action();
            return true;
        });
    }

    /// <summary>
    /// Runs <paramref name="function"/> on the loop and completes with its result, or with its
    /// exception if it threw.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">The function to run.</param>
    /// <returns>A task that completes with the function's result.</returns>
    public Task<T> InvokeAsync<T>(Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var completion = new TaskCompletionSource<T>(TaskCompletionOptions);
        Post(() =>
        {
            try
            {
                completion.SetResult(function());
            }
            catch (Exception exception)
            {
                completion.SetException(exception);
            }
        });
        return completion.Task;
    }

    /// <summary>
    /// Creates a timer whose callback runs on this loop once a deadline passes. The timer starts
    /// unscheduled; see <see cref="LoopTimer.ScheduleAt(long)"/>.
    /// </summary>
    /// <param name="callback">The callback, run on the loop.</param>
    /// <param name="state">The argument passed to <paramref name="callback"/>.</param>
    /// <returns>The timer; dispose it when done.</returns>
    public LoopTimer CreateTimer(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return new LoopTimer(this, callback, state);
    }

    /// <summary>Throws unless the caller is running on this loop.</summary>
    /// <exception cref="InvalidOperationException">The caller is not on this loop.</exception>
    public void VerifyAccess()
    {
        if (!IsCurrentThread)
        {
            throw new InvalidOperationException($"This operation must run on the event loop '{Name}'; post it to the loop instead.");
        }
    }

    /// <summary>
    /// Stops the loop. Work queued but not yet started is discarded; later posts throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Releases the loop's resources.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected abstract void Dispose(bool disposing);

    /// <summary>Queues an entry; false when the loop is disposed.</summary>
    private protected abstract bool TryEnqueue(in WorkEntry entry);

    /// <summary>Queues an entry from the loop's own machinery (timers), dropping it after disposal.</summary>
    internal bool TryPost(Action<object?> callback, object? state) => TryEnqueue(WorkEntry.From(callback, state));

    internal bool TryPostContinuation(SendOrPostCallback callback, object? state) => TryEnqueue(WorkEntry.From(callback, state));

    private void Enqueue(in WorkEntry entry)
    {
        if (!TryEnqueue(entry))
        {
            throw new ObjectDisposedException(GetType().Name, $"The event loop '{Name}' has been disposed.");
        }
    }
}
