namespace SynAck.Ip;

/// <summary>
/// What TCP does with an ICMP error about one of its connections (RFC 9293 §3.9.2.2, RFC 1122
/// §4.2.3.9, RFC 5461), once the stack has found the connection and checked the quoted sequence
/// number (RFC 5927 §4.1).
/// </summary>
public enum IcmpTcpReaction
{
    /// <summary>Nothing: Source Quench (RFC 9293 MUST-55, RFC 6633), or a Packet Too Big whose MTU cannot be right.</summary>
    Ignore,

    /// <summary>
    /// A soft error: the connection goes on and keeps the error to report if it later fails
    /// (RFC 9293 MUST-56: a soft error MUST NOT abort the connection). A connection still in
    /// SYN-SENT may fail at once on it, as Linux's does.
    /// </summary>
    SoftError,

    /// <summary>
    /// A hard error: the connection SHOULD be aborted (RFC 9293 SHLD-26); a connect in SYN-SENT
    /// fails with it.
    /// </summary>
    HardError,

    /// <summary>The path MTU is smaller (RFC 1191, RFC 8201): lower the MSS and retransmit, do not fail.</summary>
    PathMtu,
}
