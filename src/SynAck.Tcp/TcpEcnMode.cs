namespace SynAck.Tcp;

/// <summary>Whether a connection uses Explicit Congestion Notification (RFC 3168), as Linux's tcp_ecn sysctl.</summary>
public enum TcpEcnMode
{
    /// <summary>Never: the SYN does not ask for ECN and a peer's request is declined (tcp_ecn=0).</summary>
    Off = 0,

    /// <summary>Used when the peer's SYN asks for it; our SYN does not ask (tcp_ecn=2, Linux's default).</summary>
    Accept = 1,

    /// <summary>Our SYN asks for ECN (ECE and CWR set, RFC 3168 §6.1.1), and a peer's request is accepted (tcp_ecn=1).</summary>
    Request = 2,
}
