namespace SynAck.Diagnostics;

/// <summary>
/// The names of the System.Diagnostics.Metrics instruments a network stack publishes, on the meter
/// named <see cref="MeterName"/>, one meter per stack tagged <see cref="StackTag"/> = the stack's
/// name. TCP instruments are named after Linux's TCP MIB (/proc/net/snmp Tcp:, <c>netstat -s</c>).
/// All are observable instruments read from the stack's counters when a listener collects, so
/// they cost nothing on the packet path.
/// </summary>
public static class StackInstruments
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "SynAck";

    /// <summary>The meter tag that holds the stack's name.</summary>
    public const string StackTag = "synack.stack";

    /// <summary>Tcp ActiveOpens: CLOSED to SYN-SENT transitions (counter).</summary>
    public const string ActiveOpens = "synack.tcp.active_opens";

    /// <summary>Tcp PassiveOpens: LISTEN to SYN-RECEIVED transitions (counter).</summary>
    public const string PassiveOpens = "synack.tcp.passive_opens";

    /// <summary>Tcp AttemptFails: failed opens (counter).</summary>
    public const string AttemptFails = "synack.tcp.attempt_fails";

    /// <summary>Tcp EstabResets: ESTABLISHED or CLOSE-WAIT straight to CLOSED (counter).</summary>
    public const string EstabResets = "synack.tcp.estab_resets";

    /// <summary>Tcp CurrEstab: connections in ESTABLISHED or CLOSE-WAIT (up-down counter).</summary>
    public const string CurrEstab = "synack.tcp.curr_estab";

    /// <summary>Tcp InSegs: segments received (counter).</summary>
    public const string InSegs = "synack.tcp.in_segs";

    /// <summary>Tcp OutSegs: segments sent (counter).</summary>
    public const string OutSegs = "synack.tcp.out_segs";

    /// <summary>Tcp RetransSegs: segments retransmitted (counter).</summary>
    public const string RetransSegs = "synack.tcp.retrans_segs";

    /// <summary>Tcp InErrs: segments received in error (counter).</summary>
    public const string InErrs = "synack.tcp.in_errs";

    /// <summary>Tcp InCsumErrors: segments received with a bad checksum (counter).</summary>
    public const string InCsumErrors = "synack.tcp.in_csum_errors";

    /// <summary>Tcp OutRsts: segments sent with RST (counter).</summary>
    public const string OutRsts = "synack.tcp.out_rsts";

    /// <summary>TcpExt ListenOverflows: SYNs or handshake ACKs dropped on a full accept queue (counter).</summary>
    public const string ListenOverflows = "synack.tcp.listen_overflows";

    /// <summary>TcpExt ListenDrops: SYNs dropped by a listener (counter).</summary>
    public const string ListenDrops = "synack.tcp.listen_drops";

    /// <summary>Ip InReceives: IP packets received (counter).</summary>
    public const string IpInReceives = "synack.ip.in_receives";

    /// <summary>Ip InHdrErrors: IP packets dropped for a bad header (counter).</summary>
    public const string IpInHdrErrors = "synack.ip.in_hdr_errors";

    /// <summary>Ip InAddrErrors: IP packets not addressed to the stack (counter).</summary>
    public const string IpInAddrErrors = "synack.ip.in_addr_errors";

    /// <summary>Ip InUnknownProtos: IP packets of an unknown protocol (counter).</summary>
    public const string IpInUnknownProtos = "synack.ip.in_unknown_protos";

    /// <summary>Ip OutRequests: IP packets sent (counter).</summary>
    public const string IpOutRequests = "synack.ip.out_requests";

    /// <summary>Ip ReasmFails: fragments dropped (counter).</summary>
    public const string IpReasmFails = "synack.ip.reasm_fails";
}
