using System.Net;
using SynAck.Stack;

namespace SynAck.Tcp;

/// <summary>What <see cref="TcpConnection.ConnectAsync"/> needs: the stack, the peer, and optionally a local endpoint and settings.</summary>
public sealed class TcpClientConnectionOptions
{
    /// <summary>The stack the connection runs on. Required.</summary>
    public required NetworkStack Stack { get; init; }

    /// <summary>The peer's address and port. Required; the port must not be 0.</summary>
    public required IPEndPoint RemoteEndPoint { get; init; }

    /// <summary>
    /// The local address and port. Default null: the address of the interface the route to the
    /// peer uses, and an ephemeral port (RFC 6056). An unspecified address or port 0 in it means
    /// the same.
    /// </summary>
    public IPEndPoint? LocalEndPoint { get; init; }

    /// <summary>The connection's TCP settings. Default null: the stack's <see cref="NetworkStackOptions.DefaultConnectionOptions"/>.</summary>
    public TcpConnectionOptions? ConnectionOptions { get; init; }
}
