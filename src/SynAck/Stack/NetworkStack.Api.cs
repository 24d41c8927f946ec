using SynAck.Diagnostics;
using SynAck.Tcp;
using SynAck.Wire.Ip;

namespace SynAck.Stack;

// The loop side of the public TCP API: every call is posted to the loop and answered there.
public sealed partial class NetworkStack
{
    internal ValueTask<TcpConnection> ConnectAsync(IpEndpoint remote, IpEndpoint? local, TcpConnectionOptions options, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TcpConnection>(cancellationToken);
        }

        var completion = new TaskCompletionSource<TcpConnection>(Loop.TaskCompletionOptions);
        var request = new ConnectRequest(this, remote, local, options, completion, cancellationToken);
        PostToLoop(static state => ((ConnectRequest)state!).Run(), request);
        return new ValueTask<TcpConnection>(completion.Task);
    }

    internal ValueTask<TcpConnectionListener> ListenAsync(IpEndpoint endpoint, int backlog, TcpConnectionOptions options)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return new ValueTask<TcpConnectionListener>(Loop.InvokeAsync(() => Listen(endpoint, backlog, options)));
    }

    internal ValueTask StopListeningAsync(TcpConnectionListener listener)
    {
        if (IsDisposed || Loop.IsDisposed)
        {
            return ValueTask.CompletedTask;
        }

        return Loop.IsCurrentThread ? StopListeningInline(listener) : new ValueTask(Loop.InvokeAsync(() => StopListening(listener)));

        ValueTask StopListeningInline(TcpConnectionListener target)
        {
            StopListening(target);
            return ValueTask.CompletedTask;
        }
    }

    internal ValueTask CloseAsync(TcpConnection connection, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var completion = new TaskCompletionSource(Loop.TaskCompletionOptions);
        PostToLoop(static state =>
        {
            var (target, waiter, token) = ((TcpConnection, TaskCompletionSource, CancellationToken))state!;
            target.CloseOnLoop();
            target.AddCloseWaiter(waiter, token);
        }, (connection, completion, cancellationToken));
        return new ValueTask(completion.Task);
    }

    internal ValueTask DisposeConnectionAsync(TcpConnection connection)
    {
        if (IsDisposed || Loop.IsDisposed)
        {
            return ValueTask.CompletedTask;
        }

        if (Loop.IsCurrentThread)
        {
            connection.DisposeOnLoop();
            return ValueTask.CompletedTask;
        }

        try
        {
            return new ValueTask(Loop.InvokeAsync(connection.DisposeOnLoop));
        }
        catch (ObjectDisposedException)
        {
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Active OPEN on the loop: route, local endpoint, a new connection, its SYN.</summary>
    private void Connect(ConnectRequest request)
    {
        var completion = request.Completion;
        if (_disposedOnLoop)
        {
            completion.TrySetException(new ObjectDisposedException(nameof(NetworkStack)));
            return;
        }

        if (request.CancellationToken.IsCancellationRequested)
        {
            completion.TrySetCanceled(request.CancellationToken);
            return;
        }

        var remote = request.Remote;
        if (!TryRoute(remote.Address, out var networkInterface, out var sourceAddress))
        {
            _counters.IpOutNoRoutes++;
            StackLog.NoRoute(_logger, Name, remote.Address);
            completion.TrySetException(new TcpException(TcpError.NetworkUnreachable, $"No route to {remote.Address}."));
            return;
        }

        var localAddress = sourceAddress;
        var localPort = (ushort)0;
        if (request.Local is { } local)
        {
            if (!local.Address.IsUnspecified)
            {
                if (!_localAddresses.Contains(local.Address))
                {
                    completion.TrySetException(new TcpException(TcpError.AddressNotAvailable, $"{local.Address} is not an address of the stack '{Name}'."));
                    return;
                }

                localAddress = local.Address;
            }

            localPort = local.Port;
        }

        if (localPort == 0)
        {
            if (!TryPickEphemeralPort(localAddress, remote, out localPort))
            {
                completion.TrySetException(new TcpException(TcpError.AddressNotAvailable, "No ephemeral port is free for this destination."));
                return;
            }
        }
        else if (_connections.ContainsKey(new ConnectionKey(localAddress, localPort, remote.Address, remote.Port)))
        {
            completion.TrySetException(new TcpException(TcpError.AddressInUse, $"The 4-tuple {localAddress}:{localPort} <-> {remote} is in use."));
            return;
        }

        var key = new ConnectionKey(localAddress, localPort, remote.Address, remote.Port);
        TcpConnection connection;
        try
        {
            connection = CreateConnection(networkInterface, key, request.Options.ToSettings(networkInterface.Mtu, key.IsIPv6));
        }
        catch (ArgumentException exception)
        {
            completion.TrySetException(exception);
            return;
        }

        connection.IsOwnedByUser = true;
        var registration = request.CancellationToken.CanBeCanceled
            ? request.CancellationToken.UnsafeRegister(static (state, token) =>
            {
                var target = (TcpConnection)state!;
                target.Stack.TryPostToLoop(static s =>
                {
                    var (connection, cancellation) = ((TcpConnection, CancellationToken))s!;
                    connection.CancelConnect(cancellation);
                }, (target, token));
            }, connection)
            : default;
        connection.SetConnectCompletion(completion, registration);
        connection.Tcb.OpenActive(Now);
        Pump(connection);
        if (connection.Retired && !completion.Task.IsCompleted)
        {
            connection.OnRetired();
        }
    }

    private TcpConnectionListener Listen(IpEndpoint endpoint, int backlog, TcpConnectionOptions options)
    {
        ObjectDisposedException.ThrowIf(_disposedOnLoop, this);
        var address = endpoint.Address;
        if (!address.IsUnspecified && !_localAddresses.Contains(address))
        {
            throw new TcpException(TcpError.AddressNotAvailable, $"{address} is not an address of the stack '{Name}'.");
        }

        var port = endpoint.Port;
        if (port == 0)
        {
            if (!TryPickListenerPort(address, out port))
            {
                throw new TcpException(TcpError.AddressNotAvailable, "No ephemeral port is free for a listener.");
            }
        }
        else if (IsListenerPortTaken(address, port))
        {
            throw new TcpException(TcpError.AddressInUse, $"Something already listens on {endpoint} (or on a wildcard or specific address with that port).");
        }

        var bound = new IpEndpoint(address, port);
        var listener = new TcpConnectionListener(this, bound, backlog, options);
        _listeners.Add(new ListenerKey(address, port), listener);
        _trace?.OnState(new StateTrace(Loop.Time.GetUtcNow(), Name, TcpState.Closed, TcpState.Listen, TcpCauses.PassiveOpen));
        StackLog.Listening(_logger, Name, bound, backlog);
        return listener;
    }

    private void StopListening(TcpConnectionListener listener)
    {
        var key = new ListenerKey(listener.Endpoint.Address, listener.Endpoint.Port);
        if (_listeners.TryGetValue(key, out var current) && ReferenceEquals(current, listener))
        {
            _listeners.Remove(key);
        }

        // Connections that completed the handshake but nobody accepted are reset (Linux's
        // inet_csk_listen_stop). Half-open ones in the SYN queue are forgotten without a word, as
        // Linux drops its request sockets and FreeBSD its syncache entries: the peer's next
        // segment finds no connection and draws the CLOSED state's reset.
        foreach (var orphan in listener.Close())
        {
            AbandonOrphan(orphan);
        }

        foreach (var connection in _connections.Values.Where(c => ReferenceEquals(c.Listener, listener)).ToList())
        {
            if (connection.InSynQueue && !connection.Retired && !connection.IsReleased)
            {
                connection.OnStateChanged(TcpState.Closed);
                Retire(connection);
                connection.Listener = null;
                continue;
            }

            AbandonOrphan(connection);
        }
    }

    private void AbandonOrphan(TcpConnection connection)
    {
        if (!connection.Retired && !connection.IsReleased)
        {
            connection.Tcb.Abort(Now);
            Pump(connection);
        }

        connection.Listener = null;
        if (connection.Retired)
        {
            connection.Release();
        }
    }

    private sealed class ConnectRequest(
        NetworkStack stack,
        IpEndpoint remote,
        IpEndpoint? local,
        TcpConnectionOptions options,
        TaskCompletionSource<TcpConnection> completion,
        CancellationToken cancellationToken)
    {
        public IpEndpoint Remote { get; } = remote;

        public IpEndpoint? Local { get; } = local;

        public TcpConnectionOptions Options { get; } = options;

        public TaskCompletionSource<TcpConnection> Completion { get; } = completion;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public void Run()
        {
            try
            {
                stack.Connect(this);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or ObjectDisposedException)
            {
                Completion.TrySetException(exception);
            }
        }
    }
}
