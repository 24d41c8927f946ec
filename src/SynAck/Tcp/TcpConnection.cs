using System.Net;
using SynAck.Stack;
using SynAck.Wire.Ip;

namespace SynAck.Tcp;

/// <summary>
/// A TCP connection of a <see cref="NetworkStack"/>, opened by <see cref="ConnectAsync"/> or
/// accepted by a <see cref="TcpConnectionListener"/>. Data flows through <see cref="GetStream"/>.
/// Every member is safe to call from any thread: calls are marshalled onto the stack's event loop.
/// </summary>
/// <remarks>
/// <para>
/// Closing: <see cref="TcpStream.CompleteWrites"/> sends FIN and keeps reading (half-close);
/// <see cref="CloseAsync"/> and <see cref="DisposeAsync"/> close gracefully (FIN), and
/// <see cref="Abort"/> resets (RST). As on Linux, closing while received data is still unread
/// resets the connection instead (RFC 9293 SHLD-3): read to the end (until a read returns 0)
/// for a graceful close. After a close the stack finishes the wave on its own, TIME-WAIT
/// included; the 4-tuple stays in use until TIME-WAIT ends.
/// </para>
/// <para>
/// Disposing the connection closes it gracefully if it is still open and releases its buffers
/// once the stack is done with it. Disposing the stack aborts every connection left.
/// </para>
/// </remarks>
public sealed partial class TcpConnection : IAsyncDisposable
{
    private IPEndPoint? _localEndPoint;
    private IPEndPoint? _remoteEndPoint;

    /// <summary>The stack the connection runs on.</summary>
    public NetworkStack Stack { get; }

    /// <summary>The local address and port.</summary>
    public IPEndPoint LocalEndPoint => _localEndPoint ??= Key.Local.ToIPEndPoint();

    /// <summary>The peer's address and port.</summary>
    public IPEndPoint RemoteEndPoint => _remoteEndPoint ??= Key.Remote.ToIPEndPoint();

    /// <summary>The connection's TCP state as last seen on the loop (RFC 9293 §3.3.2).</summary>
    public TcpState State => _state;

    /// <summary>Why the connection failed, or <see cref="TcpError.None"/>.</summary>
    public TcpError Error => _error;

    /// <summary>
    /// Opens a connection (active OPEN): sends a SYN and completes when the connection is
    /// ESTABLISHED.
    /// </summary>
    /// <param name="options">The stack, the peer and optional local endpoint and settings.</param>
    /// <param name="cancellationToken">Cancels the attempt; the half-open connection is dropped.</param>
    /// <returns>The established connection.</returns>
    /// <exception cref="ArgumentException">The options are incomplete or invalid.</exception>
    /// <exception cref="ObjectDisposedException">The stack has been disposed.</exception>
    /// <exception cref="TcpException">
    /// The peer refused (<see cref="TcpError.ConnectionRefused"/>), the SYN went unanswered
    /// (<see cref="TcpError.TimedOut"/>), no route leads to the peer
    /// (<see cref="TcpError.NetworkUnreachable"/>), or the local endpoint is taken
    /// (<see cref="TcpError.AddressInUse"/>, <see cref="TcpError.AddressNotAvailable"/>).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public static ValueTask<TcpConnection> ConnectAsync(TcpClientConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Stack is null)
        {
            throw new ArgumentException("TcpClientConnectionOptions.Stack is required.", nameof(options));
        }

        if (options.RemoteEndPoint is null)
        {
            throw new ArgumentException("TcpClientConnectionOptions.RemoteEndPoint is required.", nameof(options));
        }

        var remote = ToIpEndpoint(options.RemoteEndPoint, nameof(options));
        if (remote.Port == 0 || remote.Address.IsUnspecified || remote.Address.IsMulticast || remote.Address == IpAddress.Broadcast)
        {
            throw new ArgumentException($"Cannot connect to {options.RemoteEndPoint}: a unicast address and a non-zero port are required.", nameof(options));
        }

        IpEndpoint? local = null;
        if (options.LocalEndPoint is { } localEndPoint)
        {
            local = ToIpEndpoint(localEndPoint, nameof(options));
            if (!local.Value.Address.IsUnspecified && local.Value.Address.IsIPv6 != remote.Address.IsIPv6)
            {
                throw new ArgumentException("The local and remote endpoints must be of the same address family.", nameof(options));
            }
        }

        var connectionOptions = options.ConnectionOptions ?? options.Stack.DefaultConnectionOptions;
        connectionOptions.Validate();
        return options.Stack.ConnectAsync(remote, local, connectionOptions, cancellationToken);
    }

    /// <summary>The connection's stream. Every call returns the same stream.</summary>
    /// <returns>The stream.</returns>
    public TcpStream GetStream()
    {
        ObjectDisposedException.ThrowIf(_userDisposed != 0, this);
        return _stream ??= new TcpStream(this);
    }

    /// <summary>
    /// Closes the connection gracefully and waits until the peer has acknowledged our FIN (as a
    /// lingering close does): queued data is sent first. Reading stays possible. If received data
    /// is unread the connection is reset instead (see the remarks of <see cref="TcpConnection"/>).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the close goes on.</param>
    /// <returns>A task that completes once our FIN is acknowledged or the connection has ended.</returns>
    /// <exception cref="ObjectDisposedException">The connection or its stack has been disposed.</exception>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_userDisposed != 0, this);
        return Stack.CloseAsync(this, cancellationToken);
    }

    /// <summary>Resets the connection (ABORT, RFC 9293 §3.10.5): a RST goes out, queued data is discarded, and pending operations fail with <see cref="TcpError.ConnectionAborted"/>.</summary>
    public void Abort()
    {
        if (Volatile.Read(ref _userDisposed) != 0)
        {
            return;
        }

        Stack.PostToLoop(static state => ((TcpConnection)state!).AbortOnLoop(), this);
    }

    /// <summary>
    /// Closes the connection gracefully if it is still open (FIN; a RST if received data is unread)
    /// and lets the stack release it when the wave is over. Completes once the close has been
    /// handed to the stack; it does not wait for TIME-WAIT.
    /// </summary>
    /// <returns>A task that completes once the stack has taken the close.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _userDisposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        return Stack.DisposeConnectionAsync(this);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Key.Local} <-> {Key.Remote} ({State})";

    private static IpEndpoint ToIpEndpoint(IPEndPoint endPoint, string parameter)
    {
        try
        {
            return IpEndpoint.FromIPEndPoint(endPoint);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"{endPoint} is not an IPv4 or IPv6 endpoint.", parameter, exception);
        }
    }
}
