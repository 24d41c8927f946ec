using System.Net;
using SynAck.Stack;

namespace SynAck.Tcp;

/// <summary>What <see cref="TcpConnectionListener.ListenAsync"/> needs.</summary>
public sealed class TcpListenerOptions
{
    /// <summary>The stack to listen on. Required.</summary>
    public required NetworkStack Stack { get; init; }

    /// <summary>
    /// The local address and port. An unspecified address (0.0.0.0 or ::) listens on every address
    /// of that family (a wildcard listener); port 0 picks an ephemeral port. Required.
    /// </summary>
    public required IPEndPoint ListenEndPoint { get; init; }

    /// <summary>
    /// The most connections that may wait in each of the listener's queues: half-open ones in the
    /// SYN queue, and established ones not yet accepted in the accept queue. A SYN that finds
    /// either full is dropped and counted (ListenDrops, and ListenOverflows for a full accept
    /// queue), as Linux does with tcp_abort_on_overflow = 0 and no SYN cookies; the peer
    /// retransmits it. Default 512.
    /// </summary>
    public int ListenBacklog { get; init; } = 512;

    /// <summary>The TCP settings of accepted connections. Default null: the stack's <see cref="NetworkStackOptions.DefaultConnectionOptions"/>.</summary>
    public TcpConnectionOptions? ConnectionOptions { get; init; }
}
