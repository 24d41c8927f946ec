namespace SynAck.Ip;

/// <summary>
/// The TCP reaction to each error type and code. RFC 9293 §3.9.2.2 (with RFC 1122 §4.2.3.9)
/// classifies Destination Unreachable codes 0, 1, 5 (IPv4) and 0, 3 (IPv6), Time Exceeded and
/// Parameter Problem as soft, and codes 2-4 (IPv4) as hard, code 4 being the path MTU's business
/// (RFC 1191). Where the RFCs are silent, the table follows Linux (icmp_err_convert and
/// icmpv6_err_convert): unknown hosts and networks, isolation and every "administratively
/// prohibited" are hard; the per-TOS codes, beyond scope and unknown codes are soft.
/// </summary>
public readonly partial record struct IcmpErrorMessage
{
    private static bool TryClassify(bool ipv6, byte type, byte code, out IcmpErrorKind kind, out IcmpTcpReaction reaction)
    {
        var classified = ipv6 ? ClassifyIPv6(type, code) : ClassifyIPv4(type, code);
        (kind, reaction) = classified.GetValueOrDefault();
        return classified.HasValue;
    }

    private static (IcmpErrorKind, IcmpTcpReaction)? ClassifyIPv4(byte type, byte code) => (IcmpType)type switch
    {
        IcmpType.DestinationUnreachable => code switch
        {
            0 or 11 => (IcmpErrorKind.NetworkUnreachable, IcmpTcpReaction.SoftError),
            1 or 12 => (IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError),
            2 => (IcmpErrorKind.ProtocolUnreachable, IcmpTcpReaction.HardError),
            3 => (IcmpErrorKind.PortUnreachable, IcmpTcpReaction.HardError),
            4 => (IcmpErrorKind.PacketTooBig, IcmpTcpReaction.PathMtu),
            5 => (IcmpErrorKind.SourceRouteFailed, IcmpTcpReaction.SoftError),
            6 => (IcmpErrorKind.NetworkUnreachable, IcmpTcpReaction.HardError),
            7 or 8 => (IcmpErrorKind.HostUnreachable, IcmpTcpReaction.HardError),
            9 or 10 or 13 or 14 or 15 => (IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError),
            _ => (IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError),
        },

        // RFC 9293 §3.9.2.2 MUST-55: Source Quench is silently discarded (RFC 6633).
        IcmpType.SourceQuench => (IcmpErrorKind.SourceQuench, IcmpTcpReaction.Ignore),
        IcmpType.TimeExceeded => (IcmpErrorKind.TimeExceeded, IcmpTcpReaction.SoftError),
        IcmpType.ParameterProblem => (IcmpErrorKind.ParameterProblem, IcmpTcpReaction.SoftError),
        _ => null,
    };

    private static (IcmpErrorKind, IcmpTcpReaction)? ClassifyIPv6(byte type, byte code) => (Icmpv6Type)type switch
    {
        // RFC 4443 §3.1 codes; 7 is RFC 6554's error in a Source Routing Header.
        Icmpv6Type.DestinationUnreachable => code switch
        {
            0 => (IcmpErrorKind.NetworkUnreachable, IcmpTcpReaction.SoftError),
            1 or 5 or 6 => (IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError),
            4 => (IcmpErrorKind.PortUnreachable, IcmpTcpReaction.HardError),
            7 => (IcmpErrorKind.SourceRouteFailed, IcmpTcpReaction.SoftError),
            _ => (IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError),
        },
        Icmpv6Type.PacketTooBig => (IcmpErrorKind.PacketTooBig, IcmpTcpReaction.PathMtu),
        Icmpv6Type.TimeExceeded => (IcmpErrorKind.TimeExceeded, IcmpTcpReaction.SoftError),
        Icmpv6Type.ParameterProblem => (IcmpErrorKind.ParameterProblem, IcmpTcpReaction.SoftError),
        _ => null,
    };
}
