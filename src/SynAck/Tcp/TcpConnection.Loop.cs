using SynAck.Stack;

namespace SynAck.Tcp;

// The connection's side on the event loop: its control block, its place in the stack's tables,
// and how events of the control block reach the user's pending operations.
public sealed partial class TcpConnection
{
    private volatile TcpState _state;
    private volatile TcpError _error;
    private int _userDisposed;
    private TcpStream? _stream;
    private TaskCompletionSource<TcpConnection>? _connectCompletion;
    private CancellationTokenRegistration _connectRegistration;
    private List<CloseWaiter>? _closeWaiters;
    private ReadOperation? _read;
    private WriteOperation? _write;
    private bool _inRead;
    private bool _readAgain;
    private bool _inWrite;
    private bool _writeAgain;
    private bool _closeRequested;
    private bool _closeAfterWrite;
    private bool _shutdownAfterWrite;
    private bool _writesCompleted;

    internal TcpConnection(NetworkStack stack, NetworkInterface networkInterface, ConnectionKey key, TcpControlBlock controlBlock)
    {
        Stack = stack;
        Interface = networkInterface;
        Key = key;
        Tcb = controlBlock;
    }

    /// <summary>The control block; used on the loop only.</summary>
    internal TcpControlBlock Tcb { get; }

    /// <summary>The 4-tuple.</summary>
    internal ConnectionKey Key { get; }

    /// <summary>The interface the connection's segments leave on.</summary>
    internal NetworkInterface Interface { get; }

    /// <summary>The handle of the connection's entry in the stack's timing wheel.</summary>
    internal int TimerHandle { get; set; } = -1;

    /// <summary>The deadline the timing wheel holds for the connection, <see cref="TimeSpan.MaxValue"/> for none.</summary>
    internal TimeSpan ScheduledDeadline { get; set; } = TimeSpan.MaxValue;

    /// <summary>The control block's retransmission count already added to the stack's RetransSegs.</summary>
    internal long RetransmissionsCounted { get; set; }

    /// <summary>For a passive connection not yet accepted: its listener.</summary>
    internal TcpConnectionListener? Listener { get; set; }

    /// <summary>Whether the connection is half-open in its listener's SYN queue.</summary>
    internal bool InSynQueue { get; set; }

    /// <summary>Whether the stack has taken the connection out of its tables (it ended, or returned to LISTEN).</summary>
    internal bool Retired { get; set; }

    /// <summary>Whether the control block went back to LISTEN (RFC 9293 MUST-11), so the stack drops it.</summary>
    internal bool ReturnedToListen { get; set; }

    /// <summary>Whether the control block's buffers have been returned.</summary>
    internal bool IsReleased { get; private set; }

    /// <summary>Whether the user has disposed the connection.</summary>
    internal bool IsUserDisposed => Volatile.Read(ref _userDisposed) != 0;

    /// <summary>Whether the user has the connection (it was connected actively, or accepted).</summary>
    internal bool IsOwnedByUser { get; set; }

    /// <summary>Completes <paramref name="completion"/> when the active open succeeds or fails.</summary>
    internal void SetConnectCompletion(TaskCompletionSource<TcpConnection> completion, CancellationTokenRegistration registration)
    {
        _connectCompletion = completion;
        _connectRegistration = registration;
    }

    /// <summary>The connect was cancelled before the connection was established: drop it quietly.</summary>
    internal void CancelConnect(CancellationToken cancellationToken)
    {
        if (_connectCompletion is not { } completion || !completion.TrySetCanceled(cancellationToken))
        {
            return;
        }

        _connectCompletion = null;
        if (!IsReleased)
        {
            Tcb.Abort(Stack.Now);
            Stack.Pump(this);
        }
    }

    /// <summary>Returns the control block's buffers; the connection can do nothing afterwards.</summary>
    internal void Release()
    {
        if (IsReleased)
        {
            return;
        }

        IsReleased = true;
        Tcb.Dispose();
    }

    internal void OnStateChanged(TcpState to) => _state = to;

    internal void OnEstablished()
    {
        if (_connectCompletion is { } completion)
        {
            _connectCompletion = null;
            _connectRegistration.Unregister();
            completion.TrySetResult(this);
        }
    }

    internal void OnError(TcpError error)
    {
        _error = error;
        FailConnect(error);
    }

    /// <summary>Data or the peer's FIN arrived: a pending read may complete.</summary>
    internal void WakeReader()
    {
        if (_read is { IsPending: true })
        {
            ProgressRead(_read);
        }
    }

    /// <summary>The send buffer has room again: a pending write may go on.</summary>
    internal void WakeWriter()
    {
        if (_write is { IsPending: true })
        {
            ProgressWrite(_write);
        }
    }

    /// <summary>Something changed that a pending read, write or close may be waiting for.</summary>
    internal void WakeOperations()
    {
        if (_read is { IsPending: true })
        {
            ProgressRead(_read);
        }

        if (_write is { IsPending: true })
        {
            ProgressWrite(_write);
        }

        CheckCloseWaiters();
    }

    /// <summary>The stack ended the connection (it reached CLOSED, or was dropped): settle everything pending.</summary>
    internal void OnRetired()
    {
        if (_connectCompletion is not null)
        {
            FailConnect(Tcb.Error != TcpError.None ? Tcb.Error : TcpError.ConnectionAborted);
        }

        WakeOperations();
    }

    /// <summary>The stack is being disposed: fail whatever waits with <see cref="TcpError.ConnectionAborted"/>.</summary>
    internal void OnStackDisposed()
    {
        if (_error == TcpError.None)
        {
            _error = TcpError.ConnectionAborted;
        }

        _state = TcpState.Closed;
        FailConnect(TcpError.ConnectionAborted);
        var exception = new TcpException(TcpError.ConnectionAborted, "The network stack was disposed, which aborted the connection.");
        _read?.Fail(exception);
        _write?.Fail(exception);
        CompleteCloseWaiters(exception);
    }

    internal void AbortOnLoop()
    {
        if (IsReleased || Retired)
        {
            return;
        }

        Tcb.Abort(Stack.Now);
        Stack.Pump(this);
    }

    internal void CloseOnLoop()
    {
        _closeRequested = true;
        if (IsReleased || Retired)
        {
            return;
        }

        if (_write is { IsPending: true })
        {
            // Queued writes go out first: the FIN follows them.
            _closeAfterWrite = true;
            return;
        }

        Tcb.Close(Stack.Now);
        Stack.Pump(this);
    }

    internal void CompleteWritesOnLoop()
    {
        if (_writesCompleted)
        {
            return;
        }

        _writesCompleted = true;
        if (IsReleased || Retired)
        {
            return;
        }

        if (_write is { IsPending: true })
        {
            _shutdownAfterWrite = true;
            return;
        }

        Tcb.ShutdownSend(Stack.Now);
        Stack.Pump(this);
    }

    /// <summary>The user disposed the connection: close it if still open, fail what is pending, release it when the stack is done.</summary>
    internal void DisposeOnLoop()
    {
        var exception = new ObjectDisposedException(nameof(TcpConnection));
        _read?.Fail(exception);
        _write?.Fail(exception);
        if (!_closeRequested)
        {
            _closeAfterWrite = false;
            CloseOnLoop();
        }

        CompleteCloseWaiters(null);
        if (Retired)
        {
            Release();
        }
    }

    internal void AddCloseWaiter(TaskCompletionSource completion, CancellationToken cancellationToken)
    {
        if (IsCloseComplete)
        {
            completion.TrySetResult();
            return;
        }

        var waiter = new CloseWaiter(completion);
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), completion);
        }

        (_closeWaiters ??= []).Add(waiter);
    }

    internal ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsUserDisposed, this);
        return (_read ??= new ReadOperation(this)).Start(buffer, cancellationToken);
    }

    internal ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsUserDisposed, this);
        return (_write ??= new WriteOperation(this)).Start(buffer, cancellationToken);
    }

    /// <summary>Whether a lingering close is over: our FIN is acknowledged, or the connection has ended.</summary>
    private bool IsCloseComplete
        => Retired || IsReleased || Tcb.State is TcpState.FinWait2 or TcpState.TimeWait or TcpState.Closed || Tcb.Error != TcpError.None;

    private void FailConnect(TcpError error)
    {
        if (_connectCompletion is { } completion)
        {
            _connectCompletion = null;
            _connectRegistration.Unregister();
            completion.TrySetException(new TcpException(error));
        }
    }

    private void CheckCloseWaiters()
    {
        if (_closeWaiters is { Count: > 0 } && _closeRequested && IsCloseComplete)
        {
            CompleteCloseWaiters(null);
        }
    }

    private void CompleteCloseWaiters(Exception? exception)
    {
        if (_closeWaiters is not { Count: > 0 } waiters)
        {
            return;
        }

        _closeWaiters = null;
        foreach (var waiter in waiters)
        {
            waiter.Registration.Unregister();
            if (exception is null)
            {
                waiter.Completion.TrySetResult();
            }
            else
            {
                waiter.Completion.TrySetException(exception);
            }
        }
    }

    /// <summary>Runs a read as far as it can go now (on the loop).</summary>
    internal void ProgressRead(ReadOperation operation)
    {
        if (_inRead)
        {
            _readAgain = true;
            return;
        }

        _inRead = true;
        try
        {
            do
            {
                _readAgain = false;
                TryCompleteRead(operation);
            }
            while (_readAgain && operation.IsPending);
        }
        finally
        {
            _inRead = false;
        }
    }

    private void TryCompleteRead(ReadOperation operation)
    {
        if (IsReleased)
        {
            operation.Fail(_error != TcpError.None ? new TcpException(_error) : new ObjectDisposedException(nameof(TcpConnection)));
            return;
        }

        var buffer = operation.Buffer;
        if (buffer.IsEmpty)
        {
            // A zero-byte read waits until data (or the end) is there, as on a socket.
            if (Tcb.BytesReadable > 0 || Tcb.IsEndOfStream || Tcb.State == TcpState.Closed)
            {
                operation.Complete(0);
            }

            return;
        }

        var read = Tcb.Receive(buffer.Span);
        if (read > 0)
        {
            operation.Complete(read);
            if (!Retired && !IsReleased)
            {
                // Reading may open the window: a window update may be due.
                Stack.Pump(this);
            }

            return;
        }

        if (Tcb.IsEndOfStream)
        {
            operation.Complete(0);
        }
        else if (Tcb.Error != TcpError.None)
        {
            operation.Fail(new TcpException(Tcb.Error));
        }
        else if (Tcb.State == TcpState.Closed || Retired)
        {
            operation.Complete(0);
        }
    }

    /// <summary>Runs a write as far as it can go now (on the loop).</summary>
    internal void ProgressWrite(WriteOperation operation)
    {
        if (_inWrite)
        {
            _writeAgain = true;
            return;
        }

        _inWrite = true;
        try
        {
            do
            {
                _writeAgain = false;
                TryCompleteWrite(operation);
            }
            while (_writeAgain && operation.IsPending);
        }
        finally
        {
            _inWrite = false;
        }

        if (!operation.IsPending)
        {
            ApplyDeferredClose();
        }
    }

    private void TryCompleteWrite(WriteOperation operation)
    {
        if (IsReleased || Tcb.Error != TcpError.None)
        {
            operation.Fail(_error != TcpError.None || Tcb.Error != TcpError.None
                ? new TcpException(Tcb.Error != TcpError.None ? Tcb.Error : _error)
                : new ObjectDisposedException(nameof(TcpConnection)));
            return;
        }

        if ((_writesCompleted && !_shutdownAfterWrite) || (_closeRequested && !_closeAfterWrite))
        {
            operation.Fail(new InvalidOperationException("Writes have been completed or the connection closed; nothing more can be written."));
            return;
        }

        if (!Tcb.CanSend)
        {
            operation.Fail(new TcpException(TcpError.ConnectionAborted, "The connection can no longer send."));
            return;
        }

        var remaining = operation.Buffer[operation.Written..];
        if (!remaining.IsEmpty)
        {
            operation.Written += Tcb.Send(remaining.Span);
            Stack.Pump(this);
        }

        if (operation.Written == operation.Buffer.Length && operation.IsPending)
        {
            operation.Complete(operation.Written);
        }
    }

    private void ApplyDeferredClose()
    {
        if (IsReleased || Retired)
        {
            return;
        }

        if (_shutdownAfterWrite)
        {
            _shutdownAfterWrite = false;
            Tcb.ShutdownSend(Stack.Now);
            Stack.Pump(this);
        }

        if (_closeAfterWrite)
        {
            _closeAfterWrite = false;
            Tcb.Close(Stack.Now);
            Stack.Pump(this);
        }
    }

    private sealed class CloseWaiter(TaskCompletionSource completion)
    {
        public TaskCompletionSource Completion { get; } = completion;

        public CancellationTokenRegistration Registration { get; set; }
    }
}
