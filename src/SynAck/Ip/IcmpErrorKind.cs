namespace SynAck.Ip;

/// <summary>
/// What an ICMP or ICMPv6 error says went wrong, across both families and their codes. A
/// network stack maps it to the error a connection reports: <see cref="PortUnreachable"/> and
/// <see cref="ProtocolUnreachable"/> to "connection refused" (as Linux's ECONNREFUSED and
/// ENOPROTOOPT), <see cref="NetworkUnreachable"/> to "network unreachable", the others to "host unreachable".
/// </summary>
public enum IcmpErrorKind
{
    /// <summary>No route to the network (ICMP codes 0, 6, 11; ICMPv6 code 0).</summary>
    NetworkUnreachable,

    /// <summary>
    /// The host did not answer or is unknown (ICMP codes 1, 7, 8, 12; ICMPv6 codes 2 and 3, and
    /// codes this stack does not know).
    /// </summary>
    HostUnreachable,

    /// <summary>The host does not speak the protocol (ICMP code 2).</summary>
    ProtocolUnreachable,

    /// <summary>Nothing listens on the port (ICMP code 3, ICMPv6 code 4).</summary>
    PortUnreachable,

    /// <summary>
    /// The packet needs fragmenting but had DF set (ICMP code 4, RFC 1191), or is larger than the
    /// next link's MTU (ICMPv6 Packet Too Big, RFC 8201): the path MTU is smaller.
    /// </summary>
    PacketTooBig,

    /// <summary>A source route failed (ICMP code 5; ICMPv6 code 7, RFC 6554).</summary>
    SourceRouteFailed,

    /// <summary>
    /// A filter refused the packet (ICMP codes 9, 10, 13, 14, 15; ICMPv6 codes 1, 5, 6).
    /// </summary>
    AdministrativelyProhibited,

    /// <summary>Source Quench (ICMP type 4), deprecated (RFC 6633).</summary>
    SourceQuench,

    /// <summary>The TTL or hop limit ran out in transit, or reassembly timed out (ICMP type 11, ICMPv6 type 3).</summary>
    TimeExceeded,

    /// <summary>A router or the host could not parse a header field (ICMP type 12, ICMPv6 type 4).</summary>
    ParameterProblem,
}
