using SynAck.Tcp.Congestion;
using SynAck.Tcp.Recovery;
using SynAck.Tcp.Rtt;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

/// <summary>
/// The configuration a control block is created with: immutable and shared by every connection of
/// a stack or listener. Defaults follow Linux (and RFC 9293 where Linux has no say); each property
/// says which. <see cref="Validate"/> rejects values the RFCs forbid.
/// </summary>
public sealed class TcpSettings
{
    /// <summary>The defaults.</summary>
    public static TcpSettings Default { get; } = new();

    /// <summary>
    /// The IP MTU of the path's first link, from which the MSS option is derived (MTU minus the IP
    /// and TCP headers, RFC 9293 §3.7.1). Default 1500 (Ethernet); at least 576 for IPv4 and 1280 for IPv6.
    /// </summary>
    public int Mtu { get; init; } = 1500;

    /// <summary>
    /// A cap on the MSS we advertise (TCP_MAXSEG), or null (default) for the MTU-derived value.
    /// It can only lower the MSS, never raise it above what the MTU allows.
    /// </summary>
    public int? MaximumSegmentSize { get; init; }

    /// <summary>Send buffer capacity in bytes (SO_SNDBUF). Default 128 KiB.</summary>
    public int SendBufferSize { get; init; } = 128 * 1024;

    /// <summary>Receive buffer capacity in bytes (SO_RCVBUF), the most the window can offer. Default 128 KiB (Linux tcp_rmem).</summary>
    public int ReceiveBufferSize { get; init; } = 128 * 1024;

    /// <summary>Maximum segment lifetime; TIME-WAIT lasts twice this (RFC 9293 MUST-13). Default 30 s, so 60 s TIME-WAIT as on Linux.</summary>
    public TimeSpan MaximumSegmentLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The RTO before any RTT sample (RFC 6298 §2.1). Default 1 s.</summary>
    public TimeSpan InitialRetransmissionTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The smallest RTO (RFC 6298 §2.4 says 1 s; Linux uses 200 ms). Default 200 ms.</summary>
    public TimeSpan MinimumRetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest RTO, also the cap of backoff (RFC 6298 §2.5: at least 60 s). Default 120 s as Linux.</summary>
    public TimeSpan MaximumRetransmissionTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retransmissions of a SYN before the open fails (Linux tcp_syn_retries). Default 6 (about 127 s with a 1 s initial RTO, RFC 9293 MUST-23).</summary>
    public int SynRetries { get; init; } = 6;

    /// <summary>
    /// How long an active open may take: a connection still in SYN-SENT or SYN-RECEIVED this long
    /// after the open fails with <see cref="TcpError.TimedOut"/>, whatever <see cref="SynRetries"/>
    /// would still allow (FreeBSD's net.inet.tcp.keepinit, 75 s there). Null (default): only
    /// <see cref="SynRetries"/> bounds the open, as on Linux.
    /// </summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Retransmissions of a SYN+ACK before a passive open is dropped (Linux tcp_synack_retries). Default 5.</summary>
    public int SynAckRetries { get; init; } = 5;

    /// <summary>R1 (RFC 9293 §3.8.3): retransmissions of one segment after which the user hears of a delivery problem (Linux tcp_retries1). Default 3.</summary>
    public int Retries1 { get; init; } = 3;

    /// <summary>R2 (RFC 9293 §3.8.3): retransmissions of one segment after which the connection fails (Linux tcp_retries2). Default 15.</summary>
    public int Retries2 { get; init; } = 15;

    /// <summary>
    /// The user timeout (RFC 9293 §3.9.1.1, Linux TCP_USER_TIMEOUT): when data stays unacknowledged
    /// this long, the connection fails with <see cref="TcpError.TimedOut"/>. Null (default) leaves it to <see cref="Retries2"/>.
    /// </summary>
    public TimeSpan? UserTimeout { get; init; }

    /// <summary>Disables the Nagle algorithm (TCP_NODELAY, RFC 9293 MUST-17). Default false: Nagle on.</summary>
    public bool NoDelay { get; init; }

    /// <summary>Whether ACKs may be delayed (RFC 9293 SHLD-18). Default true.</summary>
    public bool DelayedAcknowledgments { get; init; } = true;

    /// <summary>The longest an ACK is delayed; under 500 ms (RFC 9293 MUST-40). Default 200 ms (Linux's maximum).</summary>
    public TimeSpan DelayedAckTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Whether keep-alive probes are sent on idle connections (RFC 9293 MUST-25: off by default). Default false.</summary>
    public bool KeepAlive { get; init; }

    /// <summary>Idle time before the first keep-alive probe (RFC 9293 MUST-28: at least two hours by default). Default 2 h.</summary>
    public TimeSpan KeepAliveTime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Time between unanswered keep-alive probes (Linux tcp_keepalive_intvl). Default 75 s.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>Unanswered keep-alive probes before the connection fails (Linux tcp_keepalive_probes). Default 9.</summary>
    public int KeepAliveProbes { get; init; } = 9;

    /// <summary>Whether the window scale option is offered (RFC 7323 §2; used only when both ends offer it). Default true.</summary>
    public bool WindowScaling { get; init; } = true;

    /// <summary>
    /// Whether the timestamps option is offered (RFC 7323 §3: used only when both SYNs carry it):
    /// RTT measurement from echoed timestamps (§4) and PAWS (§5). Default true (Linux tcp_timestamps=1).
    /// </summary>
    public bool Timestamps { get; init; } = true;

    /// <summary>Whether ECN (RFC 3168) is requested, accepted or refused. Default <see cref="TcpEcnMode.Accept"/> (Linux tcp_ecn=2).</summary>
    public TcpEcnMode Ecn { get; init; } = TcpEcnMode.Accept;

    /// <summary>
    /// The order and padding of the options in segments we send, most visibly the SYN (so a profile
    /// can send another stack's SYN bytes). Default <see cref="TcpOptionLayout.Linux"/>.
    /// </summary>
    public TcpOptionLayout OptionLayout { get; init; } = TcpOptionLayout.Linux;

    /// <summary>
    /// TCP_NOOPT: our SYN and SYN+ACK carry no option at all, not even the MSS, so window scaling,
    /// timestamps and SACK are off whatever <see cref="WindowScaling"/>, <see cref="Timestamps"/>
    /// and <see cref="Sack"/> say. The MSS we receive is then the default the peer assumes, 536
    /// for IPv4 and 1220 for IPv6 (RFC 9293 §3.7.1, SHLD-5). ECN, negotiated with header flags,
    /// is unaffected. Default false.
    /// </summary>
    public bool NoOptions { get; init; }

    /// <summary>
    /// The largest receive buffer the connection's window scale must be able to express: the shift
    /// offered in the SYN is the smallest that covers this or <see cref="ReceiveBufferSize"/>,
    /// whichever is larger (as FreeBSD sizes it for kern.ipc.maxsockbuf). Null: the receive buffer.
    /// </summary>
    public int? MaximumReceiveBufferSize { get; init; }

    /// <summary>
    /// Whether the receive buffer grows to a whole number of segments once the peer's MSS is known:
    /// <see cref="ReceiveBufferSize"/> rounded up to a multiple of min(peer's MSS, ours), on the
    /// peer's SYN for an active open and when the handshake completes for a passive one,
    /// as FreeBSD sizes its socket buffers (tcp_mss; 65536 becomes 65700 with an MSS of 1460), so
    /// that the window never ends in a fraction of a segment. Default false: the buffer keeps its
    /// size, as on Linux.
    /// </summary>
    public bool RoundReceiveBufferToWholeSegments { get; init; }

    /// <summary>
    /// The RFC 5961 mitigations: a RST is honoured only at exactly RCV.NXT (elsewhere in the window
    /// it draws a challenge ACK, §3), a SYN in a synchronized state draws a challenge ACK (§4), and
    /// an ACK outside [SND.UNA - MAX.SND.WND, SND.NXT] is dropped with a challenge ACK (§5).
    /// False selects RFC 793 behaviour. Default true (as Linux).
    /// </summary>
    public bool Rfc5961 { get; init; } = true;

    /// <summary>
    /// RFC 5961 §4 for a SYN in a synchronized state on its own: true draws a challenge ACK, false
    /// resets the connection when the SYN is in the window (RFC 793). Null (the default) follows
    /// <see cref="Rfc5961"/>. FreeBSD switches the two apart (net.inet.tcp.insecure_syn and insecure_rst).
    /// </summary>
    public bool? Rfc5961Syn { get; init; }

    /// <summary>
    /// The least time between two challenge ACKs of one connection (RFC 5961 §7; Linux
    /// tcp_invalid_ratelimit, 500 ms). Zero disables the limit.
    /// </summary>
    public TimeSpan ChallengeAckInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Whether the ACK field of an old duplicate (a segment wholly before RCV.NXT, which RFC 9293
    /// §3.10.7.4 finds unacceptable) is still processed, as the BSD stacks do after trimming it to
    /// nothing: a peer's last ACK sent with the sequence number of its own FIN then still closes
    /// LAST-ACK. Its text, FIN, RST and SYN are ignored; RFC 5961 §5's ACK check still applies; in
    /// SYN-RECEIVED and TIME-WAIT nothing changes. Default false: the segment is answered with an ACK and dropped (RFC 9293, as Linux).
    /// </summary>
    public bool ProcessAckOfOldSegments { get; init; }

    /// <summary>
    /// Whether a segment with both SYN and FIN set is dropped unprocessed (FreeBSD's
    /// net.inet.tcp.drop_synfin, which keeps scanners from telling the stack by its answer to such
    /// a segment). Default false: it is processed as RFC 9293 §3.10.7 says.
    /// </summary>
    public bool DropSynFin { get; init; }

    /// <summary>Whether a RST received in TIME-WAIT is ignored (RFC 1337, TIME-WAIT assassination). Default true.</summary>
    public bool IgnoreRstInTimeWait { get; init; } = true;

    /// <summary>How long a connection the user has fully closed may wait in FIN-WAIT-2 for the peer's FIN (Linux tcp_fin_timeout). Default 60 s.</summary>
    public TimeSpan FinWait2Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The congestion control algorithm of each connection when <see cref="CongestionControlFactory"/>
    /// is null. Default <see cref="CongestionControlAlgorithm.Cubic"/> (CUBIC with HyStart++), as Linux.
    /// </summary>
    public CongestionControlAlgorithm CongestionControl { get; init; } = CongestionControlAlgorithm.Cubic;

    /// <summary>
    /// Creates each connection's congestion control, overriding <see cref="CongestionControl"/>
    /// (for an algorithm with other parameters). Default null.
    /// </summary>
    public Func<ICongestionControl>? CongestionControlFactory { get; init; }

    /// <summary>Duplicate ACKs that trigger fast retransmit (RFC 5681 §3.2; Linux tcp_reordering). Default 3.</summary>
    public int DuplicateAckThreshold { get; init; } = FastRecovery.DefaultDuplicateAckThreshold;

    /// <summary>
    /// Whether SACK is offered in the SYN (SACK-permitted, RFC 2018 §2) and used when both ends
    /// offer it: SACK blocks and D-SACK (RFC 2883) on our ACKs, the RFC 6675 scoreboard on the
    /// sending side. Default true (Linux tcp_sack=1, tcp_dsack=1).
    /// </summary>
    public bool Sack { get; init; } = true;

    /// <summary>
    /// How loss is detected when SACK is in use: <see cref="Recovery.LossDetection.Rack"/> (RACK-TLP,
    /// RFC 8985; default, Linux tcp_recovery=1) or <see cref="Recovery.LossDetection.DuplicateAck"/>
    /// (RFC 6675's DupThresh rule alone).
    /// </summary>
    public LossDetection LossDetection { get; init; } = LossDetection.Rack;

    /// <summary>A new congestion control for one connection, as <see cref="CongestionControlFactory"/> or <see cref="CongestionControl"/> say.</summary>
    internal ICongestionControl CreateCongestionControl() => CongestionControlFactory?.Invoke() ?? CongestionControl switch
    {
        CongestionControlAlgorithm.NewReno => new NewReno(),
        CongestionControlAlgorithm.Cubic => new Cubic(),
        _ => throw new InvalidOperationException($"Unknown congestion control {CongestionControl}."),
    };

    /// <summary>The RTO limits as the estimator takes them, built once per settings object.</summary>
    internal RtoSettings RtoSettings => field ??= new RtoSettings
    {
        Initial = InitialRetransmissionTimeout,
        Minimum = MinimumRetransmissionTimeout,
        Maximum = MaximumRetransmissionTimeout,
    };

    /// <summary>Throws when a value is out of the range the RFCs allow.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        Require(Mtu is >= 576 and <= 65535, nameof(Mtu), "must be between 576 and 65535");
        Require(MaximumSegmentSize is null or (>= 88 and <= 65535), nameof(MaximumSegmentSize), "must be between 88 and 65535 when set");
        Require(SendBufferSize is > 0 and <= 1 << 30, nameof(SendBufferSize), "must be positive and at most 1 GiB");
        Require(ReceiveBufferSize is > 0 and <= 1 << 30, nameof(ReceiveBufferSize), "must be positive and at most 1 GiB");
        Require(MaximumReceiveBufferSize is null or (> 0 and <= 1 << 30), nameof(MaximumReceiveBufferSize), "must be positive and at most 1 GiB when set");
        Require(MaximumSegmentLifetime > TimeSpan.Zero, nameof(MaximumSegmentLifetime), "must be positive");
        Require(MinimumRetransmissionTimeout > TimeSpan.Zero, nameof(MinimumRetransmissionTimeout), "must be positive");
        Require(InitialRetransmissionTimeout >= MinimumRetransmissionTimeout, nameof(InitialRetransmissionTimeout), "must not be below the minimum RTO");
        Require(MaximumRetransmissionTimeout >= InitialRetransmissionTimeout, nameof(MaximumRetransmissionTimeout), "must not be below the initial RTO");
        Require(SynRetries >= 0 && SynAckRetries >= 0, nameof(SynRetries), "must not be negative");
        Require(Retries1 >= 0 && Retries2 > Retries1, nameof(Retries2), "R2 must be greater than R1 (RFC 9293 §3.8.3)");
        Require(UserTimeout is null || UserTimeout > TimeSpan.Zero, nameof(UserTimeout), "must be positive when set");
        Require(ConnectTimeout is null || ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), "must be positive when set");
        Require(DelayedAckTimeout > TimeSpan.Zero && DelayedAckTimeout < TimeSpan.FromMilliseconds(500), nameof(DelayedAckTimeout), "must be positive and under 500 ms (RFC 9293 MUST-40)");
        Require(KeepAliveTime > TimeSpan.Zero && KeepAliveInterval > TimeSpan.Zero, nameof(KeepAliveTime), "must be positive");
        Require(KeepAliveProbes > 0, nameof(KeepAliveProbes), "must be positive");
        Require(ChallengeAckInterval >= TimeSpan.Zero, nameof(ChallengeAckInterval), "must not be negative");
        Require(FinWait2Timeout > TimeSpan.Zero, nameof(FinWait2Timeout), "must be positive");
        Require(Enum.IsDefined(Ecn), nameof(Ecn), "must be Off, Accept or Request");
        Require(Enum.IsDefined(OptionLayout), nameof(OptionLayout), "must be a known layout");
        Require(DuplicateAckThreshold > 0, nameof(DuplicateAckThreshold), "must be positive");
        Require(Enum.IsDefined(LossDetection), nameof(LossDetection), "must be Rack or DuplicateAck");
        Require(Enum.IsDefined(CongestionControl), nameof(CongestionControl), "must be a defined algorithm");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {rule}.", name);
        }
    }
}
