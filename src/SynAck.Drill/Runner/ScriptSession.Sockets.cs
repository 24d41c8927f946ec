using System.Globalization;
using System.Net;
using SynAck.Drill.Configuration;
using SynAck.Drill.Syntax;
using SynAck.Tcp;

namespace SynAck.Drill.Runner;

// The system calls, each on SynAck's public API with POSIX results and errno.
internal sealed partial class ScriptSession
{
    private const int FirstDescriptor = 3;

    private readonly SortedDictionary<int, ScriptSocket> _sockets = [];

    private CallInProgress Dispatch(SyscallEvent call) => call.Name switch
    {
        "socket" => Done(OpenSocket()),
        "fcntl" => Done(Fcntl(call)),
        "bind" => Done(Bind(call)),
        "listen" => Started(ListenAsync(call)),
        "connect" => Connect(call),
        "accept" => Accept(call),
        "read" or "recv" => Read(call),
        "write" or "send" => Write(call),
        "shutdown" => Done(Shutdown(call)),
        "close" => Done(Close(call)),
        "setsockopt" => Done(SetOption(call)),
        "getsockopt" => Done(GetOption(call)),
        _ => throw new DrillFailure(call.Location, $"the system call '{call.Name}' is not supported by the drill", expected: call.ToString()),
    };

    private static CallInProgress Done(SyscallReturn value) => new(Task.FromResult(value), null);

    private static CallInProgress Started(Task<SyscallReturn> task) => new(task, null);

    private SyscallReturn OpenSocket()
    {
        var descriptor = FirstDescriptor;
        while (_sockets.ContainsKey(descriptor))
        {
            descriptor++;
        }

        _sockets.Add(descriptor, new ScriptSocket(descriptor));
        return SyscallReturn.Ok(descriptor);
    }

    private bool TryGetSocket(SyscallEvent call, out ScriptSocket socket) =>
        _sockets.TryGetValue((int)ScriptValues.Argument(call, 0), out socket!);

    private SyscallReturn Fcntl(SyscallEvent call)
    {
        if (!TryGetSocket(call, out var socket))
        {
            return SyscallReturn.Fail(Errno.BadDescriptor);
        }

        if (ScriptValues.TryGetSymbol(call, 1, out var command) && command == "F_GETFL")
        {
            return SyscallReturn.Ok(ScriptValues.ReadWrite | (socket.NonBlocking ? ScriptValues.NonBlocking : 0));
        }

        if (command == "F_SETFL")
        {
            socket.NonBlocking = (ScriptValues.Argument(call, 2) & ScriptValues.NonBlocking) != 0;
            return SyscallReturn.Ok();
        }

        throw new DrillFailure(call.Location, "fcntl: only F_GETFL and F_SETFL are supported", expected: call.ToString());
    }

    private SyscallReturn Bind(SyscallEvent call)
    {
        if (!TryGetSocket(call, out var socket))
        {
            return SyscallReturn.Fail(Errno.BadDescriptor);
        }

        if (socket.BoundEndPoint is not null)
        {
            return SyscallReturn.Fail(Errno.Invalid);
        }

        socket.BoundEndPoint = new IPEndPoint(LocalAddress, _configuration.BindPort);
        return SyscallReturn.Ok();
    }

    private async Task<SyscallReturn> ListenAsync(SyscallEvent call)
    {
        if (!TryGetSocket(call, out var socket))
        {
            return SyscallReturn.Fail(Errno.BadDescriptor);
        }

        var backlog = call.Arguments.Count > 1 ? (int)ScriptValues.Argument(call, 1) : 1;
        if (socket.Listener is not null)
        {
            return SyscallReturn.Ok();
        }

        try
        {
            socket.Listener = await TcpConnectionListener.ListenAsync(new TcpListenerOptions
            {
                Stack = _stack,
                ListenEndPoint = socket.BoundEndPoint ?? new IPEndPoint(LocalAddress, _configuration.BindPort),
                ListenBacklog = Math.Max(backlog, 1),
                ConnectionOptions = ConnectionOptions(socket),
            });
            return SyscallReturn.Ok();
        }
        catch (TcpException e)
        {
            return SyscallReturn.Fail(Errno.From(e.Error));
        }
    }

    private CallInProgress Connect(SyscallEvent call)
    {
        if (!TryGetSocket(call, out var socket))
        {
            return Done(SyscallReturn.Fail(Errno.BadDescriptor));
        }

        if (socket.Connection is not null)
        {
            return Done(SyscallReturn.Fail(Errno.IsConnected));
        }

        if (socket.ConnectTask is { IsCompleted: false })
        {
            return Done(SyscallReturn.Fail(Errno.Already));
        }

        var cancellation = new CancellationTokenSource();
        socket.ConnectCancellation = cancellation;
        socket.ErrorReported = false;
        socket.ConnectTask = TcpConnection.ConnectAsync(
            new TcpClientConnectionOptions
            {
                Stack = _stack,
                RemoteEndPoint = new IPEndPoint(RemoteAddress, _configuration.ConnectPort),
                LocalEndPoint = socket.BoundEndPoint,
                ConnectionOptions = ConnectionOptions(socket),
            },
            cancellation.Token).AsTask();
        var connecting = socket.ConnectTask;
        return new CallInProgress(
            AwaitConnectAsync(socket, connecting),
            socket.NonBlocking ? () => SyscallReturn.Fail(Errno.InProgress) : null);
    }

    private async Task<SyscallReturn> AwaitConnectAsync(ScriptSocket socket, Task<TcpConnection> connecting)
    {
        try
        {
            await connecting;
            return SyscallReturn.Ok();
        }
        catch (TcpException e)
        {
            // A blocking connect returns the error itself, which clears it; a non-blocking one leaves it to SO_ERROR.
            socket.ErrorReported |= !socket.NonBlocking;
            return SyscallReturn.Fail(Errno.From(e.Error));
        }
        catch (OperationCanceledException)
        {
            return SyscallReturn.Fail(Errno.Cancelled);
        }
    }

    private CallInProgress Accept(SyscallEvent call)
    {
        if (!TryGetSocket(call, out var socket))
        {
            return Done(SyscallReturn.Fail(Errno.BadDescriptor));
        }

        if (socket.Listener is not { } listener)
        {
            return Done(SyscallReturn.Fail(Errno.Invalid));
        }

        return Cancellable(socket, token => AcceptAsync(listener, token));
    }

    private async Task<SyscallReturn> AcceptAsync(TcpConnectionListener listener, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await listener.AcceptConnectionAsync(cancellationToken);
            var accepted = (ScriptSocket)OpenAndGet();
            accepted.Connection = connection;
            return SyscallReturn.Ok(accepted.Descriptor);
        }
        catch (TcpException e)
        {
            return SyscallReturn.Fail(Errno.From(e.Error));
        }
        catch (OperationCanceledException)
        {
            return SyscallReturn.Fail(Errno.Again);
        }
    }

    private ScriptSocket OpenAndGet() => _sockets[(int)OpenSocket().Result];

    private CallInProgress Read(SyscallEvent call) => Transfer(call, ReadAsync);

    private CallInProgress Write(SyscallEvent call) => Transfer(call, WriteAsync);

    /// <summary>read or write of the call's length (third argument) on a connected socket.</summary>
    private CallInProgress Transfer(SyscallEvent call, Func<TcpConnection, int, CancellationToken, Task<SyscallReturn>> transfer)
    {
        if (!TryGetSocket(call, out var socket))
        {
            return Done(SyscallReturn.Fail(Errno.BadDescriptor));
        }

        if (socket.Connection is not { } connection)
        {
            return Done(SyscallReturn.Fail(socket.ConnectTask is { IsCompleted: false } ? Errno.Again : Errno.NotConnected));
        }

        var length = (int)ScriptValues.Argument(call, 2);
        return Cancellable(socket, token => transfer(connection, length, token));
    }

    /// <summary>A call that blocks a blocking socket; on a non-blocking one it is cancelled and gives EAGAIN.</summary>
    private static CallInProgress Cancellable(ScriptSocket socket, Func<CancellationToken, Task<SyscallReturn>> start)
    {
        var cancellation = new CancellationTokenSource();
        return new CallInProgress(
            start(cancellation.Token),
            socket.NonBlocking ? () => { cancellation.Cancel(); return SyscallReturn.Fail(Errno.Again); } : null);
    }

    private static async Task<SyscallReturn> ReadAsync(TcpConnection connection, int length, CancellationToken cancellationToken)
    {
        try
        {
            var read = await connection.GetStream().ReadAsync(new byte[Math.Max(length, 1)].AsMemory(0, length), cancellationToken);
            return SyscallReturn.Ok(read);
        }
        catch (TcpException e)
        {
            return SyscallReturn.Fail(Errno.From(e.Error));
        }
        catch (OperationCanceledException)
        {
            return SyscallReturn.Fail(Errno.Again);
        }
    }

    private static async Task<SyscallReturn> WriteAsync(TcpConnection connection, int length, CancellationToken cancellationToken)
    {
        try
        {
            await connection.GetStream().WriteAsync(new byte[length], cancellationToken);
            return SyscallReturn.Ok(length);
        }
        catch (TcpException e)
        {
            return SyscallReturn.Fail(e.Error == TcpError.None ? Errno.Pipe : Errno.From(e.Error));
        }
        catch (InvalidOperationException)
        {
            // Writing after shutdown(SHUT_WR) or after the connection ended.
            return SyscallReturn.Fail(Errno.Pipe);
        }
        catch (OperationCanceledException)
        {
            return SyscallReturn.Fail(Errno.Again);
        }
    }

    private SyscallReturn Shutdown(SyscallEvent call)
    {
        if (!TryGetSocket(call, out var socket))
        {
            return SyscallReturn.Fail(Errno.BadDescriptor);
        }

        if (socket.Connection is not { } connection)
        {
            return SyscallReturn.Fail(Errno.NotConnected);
        }

        var how = ScriptValues.Argument(call, 1);
        if (how is 1 or 2)
        {
            try
            {
                connection.GetStream().CompleteWrites();
            }
            catch (InvalidOperationException)
            {
                return SyscallReturn.Fail(Errno.NotConnected);
            }
        }

        return SyscallReturn.Ok();
    }

    private SyscallReturn Close(SyscallEvent call)
    {
        if (!TryGetSocket(call, out var socket))
        {
            return SyscallReturn.Fail(Errno.BadDescriptor);
        }

        _sockets.Remove(socket.Descriptor);
        if (socket.Listener is { } listener)
        {
            _ = listener.DisposeAsync().AsTask();
        }

        if (socket.Connection is { } connection)
        {
            _ = connection.DisposeAsync().AsTask();
        }
        else if (socket.ConnectTask is { IsCompleted: false })
        {
            socket.ConnectCancellation?.Cancel();
        }

        return SyscallReturn.Ok();
    }

    private SyscallReturn SetOption(SyscallEvent call)
    {
        if (!TryGetSocket(call, out var socket))
        {
            return SyscallReturn.Fail(Errno.BadDescriptor);
        }

        ScriptValues.TryGetSymbol(call, 2, out var name);
        var value = ScriptValues.Argument(call, 3);
        switch (name)
        {
            case "SO_REUSEADDR":
                socket.ReuseAddress = value != 0;
                break;
            case "TCP_NODELAY":
                socket.NoDelay = value != 0;
                break;
            case "TCP_NOOPT":
                socket.NoOptions = value != 0;
                break;
            case "TCP_KEEPINIT":
                if (value is < 0 or > int.MaxValue)
                {
                    return SyscallReturn.Fail(Errno.Invalid);
                }

                // Seconds (net.inet.tcp.keepinit takes milliseconds); 0 leaves the run's setting.
                socket.ConnectTimeout = value == 0 ? null : TimeSpan.FromSeconds(value);
                break;
            case "SO_RCVBUF":
                socket.ReceiveBufferSize = (int)value;
                break;
            case "SO_SNDBUF":
                socket.SendBufferSize = (int)value;
                break;
            default:
                throw new DrillFailure(call.Location, $"setsockopt: option {call.Arguments[2]} is not supported by the drill", expected: call.ToString());
        }

        if (socket.Connection is not null || socket.Listener is not null)
        {
            Note($"line {call.Location.Line}: setsockopt after connect or listen applies to later connections only");
        }

        return SyscallReturn.Ok();
    }

    private SyscallReturn GetOption(SyscallEvent call)
    {
        if (!TryGetSocket(call, out var socket))
        {
            return SyscallReturn.Fail(Errno.BadDescriptor);
        }

        ScriptValues.TryGetSymbol(call, 2, out var name);
        string actualText;
        long actual;
        switch (name)
        {
            case "SO_ERROR":
                var error = TakeSocketError(socket);
                actual = error is null ? 0 : Errno.TryGetNumber(error, out var number) ? number : -1;
                actualText = error ?? "0";
                break;
            case "SO_RCVBUF":
                actual = ReceiveBufferSize(socket);
                actualText = actual.ToString(CultureInfo.InvariantCulture);
                break;
            case "SO_SNDBUF":
                actual = socket.SendBufferSize ?? _settings.SendBufferSize ?? TcpConnectionOptions.Default.SendBufferSize;
                actualText = actual.ToString(CultureInfo.InvariantCulture);
                break;
            case "SO_REUSEADDR":
                actual = socket.ReuseAddress ? 1 : 0;
                actualText = actual.ToString(CultureInfo.InvariantCulture);
                break;
            case "TCP_NODELAY":
                actual = socket.NoDelay ? 1 : 0;
                actualText = actual.ToString(CultureInfo.InvariantCulture);
                break;
            default:
                throw new DrillFailure(call.Location, $"getsockopt: option {call.Arguments[2]} is not supported by the drill", expected: call.ToString());
        }

        if (call.Arguments.Count > 3 && !ScriptValues.IsWildcard(call.Arguments[3]))
        {
            if (!ScriptValues.TryEvaluate(call.Arguments[3], out var expected))
            {
                throw new DrillFailure(call.Location, $"getsockopt: cannot evaluate '{call.Arguments[3]}'", expected: call.ToString());
            }

            if (expected != actual)
            {
                return new SyscallReturn(0, OutputMismatch: $"getsockopt {name} gave [{actualText}], expected {call.Arguments[3]}");
            }
        }

        return SyscallReturn.Ok();
    }

    /// <summary>SO_ERROR: the socket's pending error, reported once (a failed connect, or a reset or timeout of the connection).</summary>
    private static string? TakeSocketError(ScriptSocket socket)
    {
        if (socket.ErrorReported)
        {
            return null;
        }

        string? error = null;
        if (socket.ConnectTask is { IsFaulted: true } failed && failed.Exception?.InnerException is TcpException e)
        {
            error = Errno.From(e.Error);
        }
        else if (socket.Connection is { Error: not TcpError.None } connection)
        {
            error = Errno.From(connection.Error);
        }

        socket.ErrorReported = error is not null;
        return error;
    }

    private int ReceiveBufferSize(ScriptSocket socket)
    {
        var size = socket.ReceiveBufferSize ?? _settings.ReceiveBufferSize ?? TcpConnectionOptions.Default.ReceiveBufferSize;
        // FreeBSD rounds the buffer once the peer's SYN has told the MSS (tcp_mss), SYN-RECEIVED included.
        var connecting = socket.Connection is not null || socket.ConnectTask is not null;
        return _settings.RoundReceiveBufferToMss && connecting && NegotiatedMss() is { } mss
            ? DrillSettings.RoundUpToSegments(size, mss)
            : size;
    }

    /// <summary>The MSS the handshake settled on: the smaller of the peer's offer and ours.</summary>
    private int? NegotiatedMss() => PeerMss is { } peer ? Math.Min(peer, LocalMss) : null;
}
