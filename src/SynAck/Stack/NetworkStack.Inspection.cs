using System.Net;
using SynAck.Tcp;
using SynAck.Wire.Ip;

namespace SynAck.Stack;

// What administration tools do to a stack from outside its connections: list them (netstat,
// sockstat) and drop one (FreeBSD's tcpdrop, Linux's ss -K).
public sealed partial class NetworkStack
{
    /// <summary>
    /// Lists the stack's TCP connections: every connection it holds state for, including half-open
    /// ones in a listener's SYN queue, ones waiting to be accepted, and ones the application has
    /// closed that are still finishing (FIN-WAIT, TIME-WAIT). Listeners are not connections and
    /// are not listed. Safe from any thread.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request before the loop takes it.</param>
    /// <returns>A snapshot, in no particular order.</returns>
    /// <exception cref="ObjectDisposedException">The stack has been disposed.</exception>
    public ValueTask<IReadOnlyList<TcpConnectionInfo>> GetConnectionsAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<TcpConnectionInfo>>(Loop.InvokeAsync(ListConnections));
    }

    /// <summary>
    /// Drops one connection as the ABORT call does (RFC 9293 §3.10.5), the way FreeBSD's
    /// <c>tcpdrop</c> does: a RST goes to the peer in SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1,
    /// FIN-WAIT-2 and CLOSE-WAIT, a connection in CLOSING, LAST-ACK or TIME-WAIT just ends, and
    /// the application's pending operations fail with <see cref="TcpError.ConnectionAborted"/>.
    /// Safe from any thread.
    /// </summary>
    /// <param name="localEndPoint">The connection's local address and port.</param>
    /// <param name="remoteEndPoint">The connection's remote address and port.</param>
    /// <returns>True when the connection existed and was dropped.</returns>
    /// <exception cref="ArgumentException">An endpoint is not IPv4 or IPv6.</exception>
    /// <exception cref="ObjectDisposedException">The stack has been disposed.</exception>
    public ValueTask<bool> DropConnectionAsync(IPEndPoint localEndPoint, IPEndPoint remoteEndPoint)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var local = IpEndpoint.FromIPEndPoint(localEndPoint);
        var remote = IpEndpoint.FromIPEndPoint(remoteEndPoint);
        var key = new ConnectionKey(local.Address, local.Port, remote.Address, remote.Port);
        return new ValueTask<bool>(Loop.InvokeAsync(() => DropConnection(key)));
    }

    private IReadOnlyList<TcpConnectionInfo> ListConnections()
    {
        var list = new List<TcpConnectionInfo>(_connections.Count);
        foreach (var connection in _connections.Values)
        {
            if (connection.IsReleased || connection.Retired)
            {
                continue;
            }

            list.Add(new TcpConnectionInfo(
                connection.LocalEndPoint,
                connection.RemoteEndPoint,
                connection.Tcb.State,
                connection.IsOwnedByUser && !connection.IsUserDisposed));
        }

        return list;
    }

    private bool DropConnection(ConnectionKey key)
    {
        if (_disposedOnLoop || !_connections.TryGetValue(key, out var connection) || connection.IsReleased || connection.Retired)
        {
            return false;
        }

        connection.Tcb.Abort(Now);
        Pump(connection);
        return true;
    }
}
