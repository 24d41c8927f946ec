namespace SynAck.Stack;

/// <summary>
/// A snapshot of a stack's counters, named after Linux's SNMP MIB as <c>netstat -s</c> and
/// /proc/net/snmp print them (Ip:, Icmp:, Tcp: and two TcpExt: counters). The same values are
/// published as System.Diagnostics.Metrics instruments on the "SynAck" meter.
/// </summary>
public sealed record NetworkStackStatistics
{
    /// <summary>IP packets taken off a link, bad ones included (Ip InReceives).</summary>
    public long IpInReceives { get; init; }

    /// <summary>IP packets dropped for a malformed header or a bad IPv4 header checksum (Ip InHdrErrors).</summary>
    public long IpInHdrErrors { get; init; }

    /// <summary>IP packets dropped because their destination is not an address of this stack (Ip InAddrErrors).</summary>
    public long IpInAddrErrors { get; init; }

    /// <summary>IP packets dropped for an upper-layer protocol the stack does not speak (Ip InUnknownProtos).</summary>
    public long IpInUnknownProtos { get; init; }

    /// <summary>IP packets handed to TCP or ICMP (Ip InDelivers).</summary>
    public long IpInDelivers { get; init; }

    /// <summary>IP packets the stack sent (Ip OutRequests).</summary>
    public long IpOutRequests { get; init; }

    /// <summary>IP packets not sent because no route leads to their destination (Ip OutNoRoutes).</summary>
    public long IpOutNoRoutes { get; init; }

    /// <summary>IP fragments received (Ip ReasmReqds).</summary>
    public long IpReasmReqds { get; init; }

    /// <summary>IP datagrams rebuilt from fragments (Ip ReasmOKs).</summary>
    public long IpReasmOKs { get; init; }

    /// <summary>IP fragments dropped during reassembly: overlaps, duplicates, limits, timeouts (Ip ReasmFails).</summary>
    public long IpReasmFails { get; init; }

    /// <summary>ICMP and ICMPv6 messages received (Icmp InMsgs).</summary>
    public long IcmpInMsgs { get; init; }

    /// <summary>ICMP and ICMPv6 messages sent: echo replies (Icmp OutMsgs).</summary>
    public long IcmpOutMsgs { get; init; }

    /// <summary>ICMP errors about a connection whose quoted sequence number was not in flight, ignored as RFC 5927 asks (TcpExt OutOfWindowIcmps).</summary>
    public long IcmpInErrorsIgnored { get; init; }

    /// <summary>Connections that went from CLOSED to SYN-SENT (Tcp ActiveOpens).</summary>
    public long TcpActiveOpens { get; init; }

    /// <summary>Connections that went from LISTEN to SYN-RECEIVED (Tcp PassiveOpens).</summary>
    public long TcpPassiveOpens { get; init; }

    /// <summary>Connections that went from SYN-SENT or SYN-RECEIVED to CLOSED, or from SYN-RECEIVED back to LISTEN (Tcp AttemptFails).</summary>
    public long TcpAttemptFails { get; init; }

    /// <summary>Connections that went from ESTABLISHED or CLOSE-WAIT straight to CLOSED (Tcp EstabResets).</summary>
    public long TcpEstabResets { get; init; }

    /// <summary>Connections now in ESTABLISHED or CLOSE-WAIT (Tcp CurrEstab).</summary>
    public long TcpCurrEstab { get; init; }

    /// <summary>TCP segments received, those in error included (Tcp InSegs).</summary>
    public long TcpInSegs { get; init; }

    /// <summary>TCP segments sent, retransmissions included as on Linux (Tcp OutSegs).</summary>
    public long TcpOutSegs { get; init; }

    /// <summary>TCP segments sent again (Tcp RetransSegs).</summary>
    public long TcpRetransSegs { get; init; }

    /// <summary>TCP segments received in error: bad checksum or malformed header (Tcp InErrs).</summary>
    public long TcpInErrs { get; init; }

    /// <summary>TCP segments received with a bad checksum (Tcp InCsumErrors; also counted in <see cref="TcpInErrs"/>).</summary>
    public long TcpInCsumErrors { get; init; }

    /// <summary>TCP segments sent with RST (Tcp OutRsts).</summary>
    public long TcpOutRsts { get; init; }

    /// <summary>SYNs or handshake ACKs dropped because a listener's accept queue was full (TcpExt ListenOverflows).</summary>
    public long TcpListenOverflows { get; init; }

    /// <summary>SYNs dropped by a listener for any reason, overflows included (TcpExt ListenDrops).</summary>
    public long TcpListenDrops { get; init; }
}
