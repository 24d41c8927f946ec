using System.Threading.Tasks.Sources;
using SynAck.Runtime;

namespace SynAck.Tcp;

/// <summary>
/// A reusable asynchronous operation that runs on an event loop: the pooled
/// <see cref="IValueTaskSource{TResult}"/> behind a connection's reads and writes, so that a
/// read or a write costs no allocation. One operation of a kind is in flight at a time.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Claim"/> and <see cref="Launch"/> run on the caller's thread: they claim the operation, then run
/// <see cref="Progress"/> inline when the caller is on the loop, or posts the operation to the
/// loop. <see cref="Progress"/>, <see cref="Complete"/> and <see cref="Fail"/> run on the loop.
/// </para>
/// <para>
/// A continuation that captured one of SynAck's own loop contexts (an <c>await</c> inside a
/// simulation or on a stack's loop) is posted straight to that loop, which costs no allocation;
/// any other continuation is handled by <see cref="ManualResetValueTaskSourceCore{TResult}"/>.
/// </para>
/// </remarks>
internal abstract class LoopOperation<T> : IValueTaskSource<T>, IValueTaskSource, IWorkItem
{
    private static readonly Action<object?> ForwardToLoop = static state => ((LoopOperation<T>)state!).PostContinuation();
    private static readonly Action<object?> CancelOnLoop = static state => ((LoopOperation<T>)state!).OnCancellationRequested();

    private readonly EventLoop _loop;
    private ManualResetValueTaskSourceCore<T> _core;
    private CancellationTokenRegistration _registration;
    private EventLoop? _continuationLoop;
    private Action<object?>? _continuation;
    private object? _continuationState;
    private CancellationToken _startToken;
    private int _busy;

    protected LoopOperation(EventLoop loop) => _loop = loop;

    /// <summary>Whether the operation has started and not yet completed (read on the loop).</summary>
    public bool IsPending { get; private set; }

    /// <summary>The cancellation token of the operation in flight.</summary>
    protected CancellationToken CancellationToken { get; private set; }

    /// <summary>Runs on the loop: completes the operation or leaves it pending until something changes.</summary>
    public abstract void Progress();

    /// <summary>The posted start of the operation, on the loop.</summary>
    void IWorkItem.Execute()
    {
        var token = _startToken;
        _startToken = default;
        Begin(token);
        Progress();
    }

    /// <summary>Completes the pending operation with a result (on the loop).</summary>
    public void Complete(T result)
    {
        if (!Finish())
        {
            return;
        }

        _core.SetResult(result);
    }

    /// <summary>Completes the pending operation with an exception (on the loop).</summary>
    public void Fail(Exception exception)
    {
        if (!Finish())
        {
            return;
        }

        _core.SetException(exception);
    }

    /// <inheritdoc/>
    public T GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <inheritdoc/>
    void IValueTaskSource.GetResult(short token) => GetResult(token);

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        if ((flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0
            && SynchronizationContext.Current is EventLoopSynchronizationContext context)
        {
            _continuationLoop = context.Loop;
            _continuation = continuation;
            _continuationState = state;
            _core.RunContinuationsAsynchronously = false;
            _core.OnCompleted(ForwardToLoop, this, token, flags & ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
            return;
        }

        _core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>Claims the operation for one use (on the caller's thread), before its arguments are stored.</summary>
    /// <exception cref="InvalidOperationException">An operation of this kind is already in flight.</exception>
    protected void Claim(string kind)
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException($"Another {kind} is already in progress on this connection; wait for it to complete first.");
        }
    }

    /// <summary>Starts the claimed operation: runs it inline on the loop, or posts it there.</summary>
    protected short Launch(CancellationToken cancellationToken)
    {
        _core.Reset();
        _core.RunContinuationsAsynchronously = (_loop.TaskCompletionOptions & TaskCreationOptions.RunContinuationsAsynchronously) != 0;
        _continuationLoop = null;
        _continuation = null;
        _continuationState = null;
        var version = _core.Version;
        if (_loop.IsCurrentThread)
        {
            Begin(cancellationToken);
            Progress();
        }
        else
        {
            _startToken = cancellationToken;
            try
            {
                _loop.Post(this);
            }
            catch (ObjectDisposedException)
            {
                OnFinished();
                Volatile.Write(ref _busy, 0);
                throw;
            }
        }

        return version;
    }

    /// <summary>Marks the operation pending and watches its token (on the loop).</summary>
    private void Begin(CancellationToken cancellationToken)
    {
        IsPending = true;
        CancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static state =>
            {
                var operation = (LoopOperation<T>)state!;
                operation._loop.TryPost(CancelOnLoop, operation);
            }, this);
        }
    }

    private bool Finish()
    {
        if (!IsPending)
        {
            return false;
        }

        IsPending = false;
        _registration.Unregister();
        _registration = default;
        CancellationToken = default;
        OnFinished();
        return true;
    }

    /// <summary>Drops references to the caller's buffers once the operation is over.</summary>
    protected virtual void OnFinished()
    {
    }

    private void OnCancellationRequested()
    {
        if (IsPending && CancellationToken.IsCancellationRequested)
        {
            Fail(new OperationCanceledException(CancellationToken));
        }
    }

    private void PostContinuation()
    {
        var loop = _continuationLoop!;
        var continuation = _continuation!;
        var state = _continuationState;
        _continuationLoop = null;
        _continuation = null;
        _continuationState = null;
        if (!loop.TryPost(continuation, state))
        {
            // The awaiting loop is gone; run the continuation here rather than lose it.
            continuation(state);
        }
    }
}
