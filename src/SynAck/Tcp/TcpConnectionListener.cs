using System.Net;
using SynAck.Stack;
using SynAck.Wire.Ip;

namespace SynAck.Tcp;

/// <summary>
/// Listens for connections on a local endpoint of a <see cref="NetworkStack"/> (passive OPEN) and
/// hands out established ones through <see cref="AcceptConnectionAsync"/>. A stack may have
/// several listeners on different ports (RFC 9293 MUST-42), and a wildcard listener per family.
/// </summary>
/// <remarks>
/// Each SYN for the listener gets its own connection, which waits half-open in the SYN queue and,
/// once established, in the accept queue; both hold at most <see cref="TcpListenerOptions.ListenBacklog"/>
/// connections (see there for what happens beyond). Disposing the listener resets the
/// connections not yet accepted.
/// </remarks>
public sealed class TcpConnectionListener : IAsyncDisposable
{
    private readonly Queue<TcpConnection> _acceptQueue = new();
    private readonly List<AcceptWaiter> _waiters = [];
    private IPEndPoint? _localEndPoint;
    private int _disposed;

    internal TcpConnectionListener(NetworkStack stack, IpEndpoint endpoint, int backlog, TcpConnectionOptions options)
    {
        Stack = stack;
        Endpoint = endpoint;
        Backlog = backlog;
        ConnectionOptions = options;
    }

    /// <summary>The stack the listener belongs to.</summary>
    public NetworkStack Stack { get; }

    /// <summary>The local endpoint listened on (the port chosen, if 0 was asked).</summary>
    public IPEndPoint LocalEndPoint => _localEndPoint ??= Endpoint.ToIPEndPoint();

    internal IpEndpoint Endpoint { get; }

    internal int Backlog { get; }

    internal TcpConnectionOptions ConnectionOptions { get; }

    /// <summary>Half-open connections of this listener (on the loop).</summary>
    internal int SynQueueCount { get; set; }

    /// <summary>Whether the accept queue has no room left (on the loop).</summary>
    internal bool IsAcceptQueueFull => _acceptQueue.Count >= Backlog;

    internal bool IsClosed { get; private set; }

    /// <summary>Starts listening (passive OPEN, RFC 9293 §3.10.1).</summary>
    /// <param name="options">The stack, the endpoint, the backlog and the settings of accepted connections.</param>
    /// <param name="cancellationToken">Cancels the call before the listener is registered.</param>
    /// <returns>The listener.</returns>
    /// <exception cref="ArgumentException">The options are incomplete or invalid.</exception>
    /// <exception cref="ObjectDisposedException">The stack has been disposed.</exception>
    /// <exception cref="TcpException">
    /// The endpoint is taken (<see cref="TcpError.AddressInUse"/>) or its address is not one of the
    /// stack's (<see cref="TcpError.AddressNotAvailable"/>).
    /// </exception>
    public static ValueTask<TcpConnectionListener> ListenAsync(TcpListenerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Stack is null)
        {
            throw new ArgumentException("TcpListenerOptions.Stack is required.", nameof(options));
        }

        if (options.ListenEndPoint is null)
        {
            throw new ArgumentException("TcpListenerOptions.ListenEndPoint is required.", nameof(options));
        }

        if (options.ListenBacklog <= 0)
        {
            throw new ArgumentException("TcpListenerOptions.ListenBacklog must be positive.", nameof(options));
        }

        IpEndpoint endpoint;
        try
        {
            endpoint = IpEndpoint.FromIPEndPoint(options.ListenEndPoint);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"{options.ListenEndPoint} is not an IPv4 or IPv6 endpoint.", nameof(options), exception);
        }

        var connectionOptions = options.ConnectionOptions ?? options.Stack.DefaultConnectionOptions;
        connectionOptions.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        return options.Stack.ListenAsync(endpoint, options.ListenBacklog, connectionOptions);
    }

    /// <summary>Waits for the next established connection and takes it from the accept queue.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The connection; the caller owns it and should dispose it.</returns>
    /// <exception cref="ObjectDisposedException">The listener or its stack has been disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<TcpConnection> AcceptConnectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var completion = new TaskCompletionSource<TcpConnection>(Stack.Loop.TaskCompletionOptions);
        var waiter = new AcceptWaiter(this, completion);
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((AcceptWaiter)state!).Cancel(token), waiter);
        }

        Stack.PostToLoop(static state => ((AcceptWaiter)state!).Listener.AddWaiter((AcceptWaiter)state), waiter);
        return new ValueTask<TcpConnection>(completion.Task);
    }

    /// <summary>Stops listening: new SYNs are answered with RST, connections that completed the handshake but were not accepted are reset, and half-open ones are dropped silently.</summary>
    /// <returns>A task that completes once the stack has stopped the listener.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        return Stack.StopListeningAsync(this);
    }

    /// <inheritdoc/>
    public override string ToString() => $"listener {Endpoint}";

    /// <summary>A connection of this listener reached ESTABLISHED: hand it to a waiting accept, or queue it.</summary>
    internal void OnEstablished(TcpConnection connection)
    {
        while (_waiters.Count > 0)
        {
            var waiter = _waiters[0];
            _waiters.RemoveAt(0);
            waiter.Registration.Unregister();
            if (TryHandOver(waiter, connection))
            {
                return;
            }
        }

        _acceptQueue.Enqueue(connection);
    }

    /// <summary>Closes the listener on the loop: fails waiting accepts and returns the connections nobody accepted.</summary>
    internal List<TcpConnection> Close()
    {
        IsClosed = true;
        var exception = new ObjectDisposedException(nameof(TcpConnectionListener));
        foreach (var waiter in _waiters)
        {
            waiter.Registration.Unregister();
            waiter.Completion.TrySetException(exception);
        }

        _waiters.Clear();
        var orphans = new List<TcpConnection>(_acceptQueue);
        _acceptQueue.Clear();
        return orphans;
    }

    private void AddWaiter(AcceptWaiter waiter)
    {
        if (IsClosed)
        {
            waiter.Registration.Unregister();
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(TcpConnectionListener)));
            return;
        }

        if (waiter.Completion.Task.IsCompleted)
        {
            return;
        }

        if (_acceptQueue.TryDequeue(out var connection))
        {
            waiter.Registration.Unregister();
            if (!TryHandOver(waiter, connection))
            {
                _acceptQueue.Enqueue(connection);
            }

            return;
        }

        _waiters.Add(waiter);
    }

    /// <summary>Gives the connection to the user; false when the waiter was cancelled meanwhile.</summary>
    private static bool TryHandOver(AcceptWaiter waiter, TcpConnection connection)
    {
        connection.IsOwnedByUser = true;
        connection.Listener = null;
        if (waiter.Completion.TrySetResult(connection))
        {
            return true;
        }

        connection.IsOwnedByUser = false;
        connection.Listener = waiter.Listener;
        return false;
    }

    private sealed class AcceptWaiter(TcpConnectionListener listener, TaskCompletionSource<TcpConnection> completion)
    {
        public TcpConnectionListener Listener { get; } = listener;

        public TaskCompletionSource<TcpConnection> Completion { get; } = completion;

        public CancellationTokenRegistration Registration { get; set; }

        public void Cancel(CancellationToken token)
        {
            if (Completion.TrySetCanceled(token))
            {
                Listener.Stack.TryPostToLoop(static state =>
                {
                    var waiter = (AcceptWaiter)state!;
                    waiter.Listener._waiters.Remove(waiter);
                }, this);
            }
        }
    }
}
