namespace SynAck.Runtime;

/// <summary>
/// An <see cref="EventLoop"/> on a dedicated background thread, on a real clock
/// (<see cref="TimeProvider.System"/> unless another is given). Posting is safe from any thread
/// and costs no allocation once the queue has grown to its working size.
/// </summary>
public sealed class ThreadEventLoop : EventLoop
{
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly Action<Exception>? _unhandledException;
    private Queue<WorkEntry> _incoming = new();
    private Queue<WorkEntry> _running = new();
    private bool _waiting;
    private volatile bool _disposed;

    /// <summary>Starts a loop on a new thread.</summary>
    /// <param name="name">The loop's name; the thread is called "SynAck loop NAME".</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="unhandledException">
    /// Called on the loop with any exception a work item throws, after which the loop goes on
    /// with the next item. When null, such an exception is unhandled on the loop's thread and
    /// ends the process, as for any thread.
    /// </param>
    public ThreadEventLoop(string name, TimeProvider? timeProvider = null, Action<Exception>? unhandledException = null)
        : base(name)
    {
        Time = timeProvider ?? TimeProvider.System;
        _unhandledException = unhandledException;
        _thread = new Thread(static state => ((ThreadEventLoop)state!).RunLoop())
        {
            IsBackground = true,
            Name = $"SynAck loop {name}",
        };
        _thread.Start(this);
    }

    /// <inheritdoc/>
    public override TimeProvider Time { get; }

    /// <inheritdoc/>
    public override bool IsCurrentThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <inheritdoc/>
    public override bool IsDisposed => _disposed;

    /// <inheritdoc/>
    /// <remarks>
    /// Called from another thread, waits for the item that is running to finish and the thread to
    /// end. Called on the loop itself, the loop ends after the current item.
    /// </remarks>
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _incoming.Clear();
            Monitor.Pulse(_gate);
        }

        if (!IsCurrentThread)
        {
            _thread.Join();
        }
    }

    private protected override bool TryEnqueue(in WorkEntry entry)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _incoming.Enqueue(entry);
            if (_waiting)
            {
                _waiting = false;
                Monitor.Pulse(_gate);
            }
        }

        return true;
    }

    private void RunLoop()
    {
        SynchronizationContext.SetSynchronizationContext(Context);
        while (true)
        {
            lock (_gate)
            {
                while (_incoming.Count == 0 && !_disposed)
                {
                    _waiting = true;
                    Monitor.Wait(_gate);
                }

                if (_disposed)
                {
                    return;
                }

                // Swap the queues so producers never wait for the work we are about to run.
                (_incoming, _running) = (_running, _incoming);
            }

            while (_running.TryDequeue(out var entry))
            {
                if (_disposed)
                {
                    _running.Clear();
                    return;
                }

                RunOne(entry);
            }
        }
    }

    private void RunOne(in WorkEntry entry)
    {
        if (_unhandledException is null)
        {
            entry.Invoke();
            return;
        }

        try
        {
            entry.Invoke();
        }
        catch (Exception exception)
        {
            _unhandledException(exception);
        }
    }
}
