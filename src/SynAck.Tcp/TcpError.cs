namespace SynAck.Tcp;

/// <summary>Why a connection failed. A control block records its error once (DESIGN.md rule 5).</summary>
public enum TcpError
{
    /// <summary>No error.</summary>
    None,
    /// <summary>The peer answered the connection request with a RST.</summary>
    ConnectionRefused,
    /// <summary>The peer reset an established connection.</summary>
    ConnectionReset,
    /// <summary>Retransmissions, keep-alive probes or the user timeout ran out.</summary>
    TimedOut,
    /// <summary>The local user aborted the connection.</summary>
    ConnectionAborted,
    /// <summary>The network reported the destination host unreachable (ICMP).</summary>
    HostUnreachable,
    /// <summary>The network reported the destination network unreachable (ICMP), or no route leads there.</summary>
    NetworkUnreachable,
    /// <summary>The local endpoint (or the whole 4-tuple) is already in use.</summary>
    AddressInUse,
    /// <summary>The local address is not an address of this stack, or no ephemeral port is free.</summary>
    AddressNotAvailable,
}
