namespace SynAck.Tcp;

/// <summary>
/// The states of a TCP connection (RFC 9293 §3.3.2), named as in
/// <c>System.Net.NetworkInformation.TcpState</c>.
/// </summary>
public enum TcpState
{
    /// <summary>No connection: before an open, or after the connection has ended.</summary>
    Closed,
    /// <summary>Waiting for a connection request (a SYN) from any remote TCP endpoint.</summary>
    Listen,
    /// <summary>A SYN has been sent; waiting for a matching SYN (and the ACK of ours).</summary>
    SynSent,
    /// <summary>A SYN has been received and one sent; waiting for the ACK of ours.</summary>
    SynReceived,
    /// <summary>The connection is open; data flows both ways.</summary>
    Established,
    /// <summary>Our FIN has been sent; waiting for its ACK or the peer's FIN.</summary>
    FinWait1,
    /// <summary>Our FIN has been acknowledged; waiting for the peer's FIN.</summary>
    FinWait2,
    /// <summary>The peer's FIN has been received; waiting for the local user to close.</summary>
    CloseWait,
    /// <summary>Both sides sent FIN at once; waiting for the ACK of ours.</summary>
    Closing,
    /// <summary>The peer closed first and our FIN has been sent; waiting for its ACK.</summary>
    LastAck,
    /// <summary>Both FINs are acknowledged; lingering 2*MSL so the last ACK can be repeated.</summary>
    TimeWait,
}
