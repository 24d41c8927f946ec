using System.Net;
using SynAck.Tcp;

namespace SynAck.Stack;

/// <summary>
/// One TCP connection of a stack as <see cref="NetworkStack.GetConnectionsAsync"/> saw it, like a
/// row of <c>netstat -t</c> or FreeBSD's <c>sockstat -P tcp -s</c>: half-open connections of a
/// listener and connections in TIME-WAIT included.
/// </summary>
/// <param name="LocalEndPoint">The stack's address and port.</param>
/// <param name="RemoteEndPoint">The peer's address and port.</param>
/// <param name="State">The TCP state (RFC 9293 §3.3.2).</param>
/// <param name="IsOwnedByUser">
/// Whether the application holds the connection (it connected it, or accepted it); false for a
/// connection still waiting in a listener's queues, or one the application closed that the stack
/// is finishing on its own (TIME-WAIT after a close, for example).
/// </param>
public readonly record struct TcpConnectionInfo(IPEndPoint LocalEndPoint, IPEndPoint RemoteEndPoint, TcpState State, bool IsOwnedByUser);
