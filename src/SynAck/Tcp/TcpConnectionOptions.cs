using SynAck.Wire.Tcp;
using SynAck.Tcp.Congestion;

namespace SynAck.Tcp;

/// <summary>
/// The TCP settings of a connection. The defaults follow Linux (and RFC 9293 where Linux has no
/// say); each property gives its own. Instances are immutable and may be shared.
/// </summary>
public sealed class TcpConnectionOptions
{
    private CachedSettings? _cache;

    /// <summary>The defaults.</summary>
    public static TcpConnectionOptions Default { get; } = new();

    /// <summary>
    /// A cap on the MSS advertised and on the data one segment carries (TCP_MAXSEG); it can only
    /// lower what the MTU allows. Default null: the interface's MTU less 40 (IPv4) or 60 (IPv6)
    /// bytes of headers, 1460 on a 1500-byte link.
    /// </summary>
    public int? MaximumSegmentSize { get; init; }

    /// <summary>The send buffer (SO_SNDBUF) in bytes. Default 128 KiB.</summary>
    public int SendBufferSize { get; init; } = TcpSettings.Default.SendBufferSize;

    /// <summary>The receive buffer (SO_RCVBUF) in bytes, the most the window offers. Default 128 KiB.</summary>
    public int ReceiveBufferSize { get; init; } = TcpSettings.Default.ReceiveBufferSize;

    /// <summary>The maximum segment lifetime; TIME-WAIT lasts twice this. Default 30 s (60 s TIME-WAIT, as Linux).</summary>
    public TimeSpan MaximumSegmentLifetime { get; init; } = TcpSettings.Default.MaximumSegmentLifetime;

    /// <summary>The retransmission timeout before any RTT sample (RFC 6298 §2.1). Default 1 s.</summary>
    public TimeSpan InitialRetransmissionTimeout { get; init; } = TcpSettings.Default.InitialRetransmissionTimeout;

    /// <summary>The smallest retransmission timeout. Default 200 ms, as Linux (RFC 6298 says 1 s).</summary>
    public TimeSpan MinimumRetransmissionTimeout { get; init; } = TcpSettings.Default.MinimumRetransmissionTimeout;

    /// <summary>The largest retransmission timeout, also the cap of backoff. Default 120 s, as Linux.</summary>
    public TimeSpan MaximumRetransmissionTimeout { get; init; } = TcpSettings.Default.MaximumRetransmissionTimeout;

    /// <summary>Retransmissions of a SYN before a connect fails (Linux tcp_syn_retries). Default 6.</summary>
    public int SynRetries { get; init; } = TcpSettings.Default.SynRetries;

    /// <summary>
    /// How long a connect may take before it fails with <see cref="TcpError.TimedOut"/>, however
    /// many SYN retries remain (FreeBSD net.inet.tcp.keepinit). Default null: <see cref="SynRetries"/> alone bounds it, as on Linux.
    /// </summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Retransmissions of a SYN+ACK before a half-open connection is dropped (Linux tcp_synack_retries). Default 5.</summary>
    public int SynAckRetries { get; init; } = TcpSettings.Default.SynAckRetries;

    /// <summary>Retransmissions of a data segment before the connection fails (R2, Linux tcp_retries2). Default 15.</summary>
    public int DataRetries { get; init; } = TcpSettings.Default.Retries2;

    /// <summary>Disables the Nagle algorithm (TCP_NODELAY). Default false: Nagle on.</summary>
    public bool NoDelay { get; init; }

    /// <summary>Whether ACKs may be delayed (RFC 9293 SHLD-18). Default true.</summary>
    public bool DelayedAcknowledgments { get; init; } = true;

    /// <summary>The longest an ACK is delayed, under 500 ms (RFC 9293 MUST-40). Default 200 ms.</summary>
    public TimeSpan DelayedAckTimeout { get; init; } = TcpSettings.Default.DelayedAckTimeout;

    /// <summary>Whether idle connections send keep-alive probes (SO_KEEPALIVE). Default false (RFC 9293 MUST-25).</summary>
    public bool KeepAlive { get; init; }

    /// <summary>Idle time before the first keep-alive probe (TCP_KEEPIDLE). Default 2 h.</summary>
    public TimeSpan KeepAliveTime { get; init; } = TcpSettings.Default.KeepAliveTime;

    /// <summary>Time between unanswered keep-alive probes (TCP_KEEPINTVL). Default 75 s.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TcpSettings.Default.KeepAliveInterval;

    /// <summary>Unanswered keep-alive probes before the connection fails (TCP_KEEPCNT). Default 9.</summary>
    public int KeepAliveProbes { get; init; } = TcpSettings.Default.KeepAliveProbes;

    /// <summary>How long data may stay unacknowledged before the connection fails with <see cref="TcpError.TimedOut"/> (TCP_USER_TIMEOUT). Default null: off.</summary>
    public TimeSpan? UserTimeout { get; init; }

    /// <summary>Whether the window scale option is offered (RFC 7323). Default true.</summary>
    public bool WindowScaling { get; init; } = true;

    /// <summary>Whether the timestamps option (RFC 7323) is offered: RTT measurement and PAWS when the peer offers it too. Default true (Linux tcp_timestamps=1).</summary>
    public bool Timestamps { get; init; } = true;

    /// <summary>ECN (RFC 3168): off, accepted when the peer asks (default, Linux tcp_ecn=2), or requested by our SYN.</summary>
    public TcpEcnMode Ecn { get; init; } = TcpEcnMode.Accept;

    /// <summary>The order and padding of the options we send, the SYN's above all. Default <see cref="TcpOptionLayout.Linux"/>.</summary>
    public TcpOptionLayout OptionLayout { get; init; } = TcpOptionLayout.Linux;

    /// <summary>
    /// Whether SACK is offered and used when the peer offers it too (RFC 2018, D-SACK RFC 2883,
    /// SACK-based recovery RFC 6675). Default true, as Linux.
    /// </summary>
    public bool Sack { get; init; } = true;

    /// <summary>
    /// Sends the SYN (or SYN+ACK) with no TCP option at all, not even the MSS (TCP_NOOPT), so
    /// window scaling, timestamps and SACK are not used whatever <see cref="WindowScaling"/>,
    /// <see cref="Timestamps"/> and <see cref="Sack"/> say, and the peer sends segments of at most
    /// 536 (IPv4) or 1220 (IPv6) bytes, the default MSS of RFC 9293 §3.7.1. ECN is unaffected.
    /// Default false.
    /// </summary>
    public bool NoOptions { get; init; }

    /// <summary>
    /// How loss is detected when SACK is in use: RACK-TLP (RFC 8985, default, as Linux) or
    /// duplicate-ACK counting alone (RFC 6675).
    /// </summary>
    public Recovery.LossDetection LossDetection { get; init; } = Recovery.LossDetection.Rack;

    /// <summary>
    /// The largest receive buffer the window scale must be able to express: the shift offered in
    /// the SYN covers this or <see cref="ReceiveBufferSize"/>, whichever is larger (FreeBSD sizes it
    /// for kern.ipc.maxsockbuf). Null (the default): the receive buffer.
    /// </summary>
    public int? MaximumReceiveBufferSize { get; init; }

    /// <summary>
    /// Whether the receive buffer grows to a whole number of segments once the peer's MSS is known:
    /// <see cref="ReceiveBufferSize"/> rounded up to a multiple of min(peer's MSS, ours), on the
    /// peer's SYN for an active open and when the handshake completes for a passive one,
    /// as FreeBSD sizes its socket buffers (65536 becomes 65700 with an MSS of 1460). Default false:
    /// the buffer keeps the size given, as on Linux.
    /// </summary>
    public bool RoundReceiveBufferToWholeSegments { get; init; }

    /// <summary>
    /// The RFC 5961 defences against blind in-window attacks: a RST elsewhere than RCV.NXT, a SYN
    /// in a synchronized state and an ACK too far off all draw a (rate-limited) challenge ACK.
    /// False gives RFC 793 behaviour. Default true, as Linux.
    /// </summary>
    public bool Rfc5961 { get; init; } = true;

    /// <summary>
    /// RFC 5961 §4 for a SYN in a synchronized state apart from <see cref="Rfc5961"/>: true sends a
    /// challenge ACK, false resets the connection when the SYN is in the window (RFC 793). Null (the
    /// default) follows <see cref="Rfc5961"/>.
    /// </summary>
    public bool? Rfc5961Syn { get; init; }

    /// <summary>
    /// Whether the ACK field of an old duplicate (a segment wholly before RCV.NXT, unacceptable by
    /// RFC 9293 §3.10.7.4) is still processed, as the BSD stacks do: a peer's last ACK sent with
    /// the sequence number of its own FIN then still closes LAST-ACK. Default false: the segment is
    /// answered with an ACK and dropped (RFC 9293, as Linux).
    /// </summary>
    public bool ProcessAckOfOldSegments { get; init; }

    /// <summary>
    /// Whether a segment with both SYN and FIN set is dropped without an answer, by a connection
    /// and by a listener whose connection options these are (FreeBSD's net.inet.tcp.drop_synfin).
    /// A port nobody listens on still answers it with a RST. Default false: it is processed as
    /// RFC 9293 says.
    /// </summary>
    public bool DropSynFin { get; init; }

    /// <summary>Whether a RST received in TIME-WAIT is ignored (RFC 1337, TIME-WAIT assassination). Default true.</summary>
    public bool IgnoreRstInTimeWait { get; init; } = true;

    /// <summary>
    /// The congestion control algorithm (TCP_CONGESTION): CUBIC with HyStart++ (RFC 9438, RFC 9406)
    /// or NewReno (RFC 5681, RFC 6582). Default <see cref="CongestionControlAlgorithm.Cubic"/>, as Linux.
    /// </summary>
    public CongestionControlAlgorithm CongestionControl { get; init; } = TcpSettings.Default.CongestionControl;

    /// <summary>How long a connection closed by the user waits in FIN-WAIT-2 for the peer's FIN (Linux tcp_fin_timeout). Default 60 s.</summary>
    public TimeSpan FinWait2Timeout { get; init; } = TcpSettings.Default.FinWait2Timeout;

    /// <summary>
    /// The core's settings for a connection over an interface of MTU <paramref name="linkMtu"/>,
    /// built once per MTU and cached (most stacks have one MTU).
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of the range the RFCs allow.</exception>
    internal TcpSettings ToSettings(int linkMtu, bool ipv6)
    {
        // The core's floor is the smallest MTU IPv4 hosts must take (576) and IPv6's 1280.
        var mtu = Math.Clamp(linkMtu, ipv6 ? 1280 : 576, 65535);
        var cache = Volatile.Read(ref _cache);
        if (cache is not null && cache.Mtu == mtu)
        {
            return cache.Settings;
        }

        var settings = new TcpSettings
        {
            Mtu = mtu,
            MaximumSegmentSize = MaximumSegmentSize,
            SendBufferSize = SendBufferSize,
            ReceiveBufferSize = ReceiveBufferSize,
            MaximumSegmentLifetime = MaximumSegmentLifetime,
            InitialRetransmissionTimeout = InitialRetransmissionTimeout,
            MinimumRetransmissionTimeout = MinimumRetransmissionTimeout,
            MaximumRetransmissionTimeout = MaximumRetransmissionTimeout,
            SynRetries = SynRetries,
            SynAckRetries = SynAckRetries,
            ConnectTimeout = ConnectTimeout,
            Retries2 = DataRetries,
            NoDelay = NoDelay,
            DelayedAcknowledgments = DelayedAcknowledgments,
            DelayedAckTimeout = DelayedAckTimeout,
            KeepAlive = KeepAlive,
            KeepAliveTime = KeepAliveTime,
            KeepAliveInterval = KeepAliveInterval,
            KeepAliveProbes = KeepAliveProbes,
            UserTimeout = UserTimeout,
            WindowScaling = WindowScaling,
            Timestamps = Timestamps,
            Ecn = Ecn,
            OptionLayout = OptionLayout,
            Sack = Sack,
            NoOptions = NoOptions,
            LossDetection = LossDetection,
            MaximumReceiveBufferSize = MaximumReceiveBufferSize,
            RoundReceiveBufferToWholeSegments = RoundReceiveBufferToWholeSegments,
            Rfc5961 = Rfc5961,
            Rfc5961Syn = Rfc5961Syn,
            IgnoreRstInTimeWait = IgnoreRstInTimeWait,
            ProcessAckOfOldSegments = ProcessAckOfOldSegments,
            DropSynFin = DropSynFin,
            FinWait2Timeout = FinWait2Timeout,
            CongestionControl = CongestionControl,
        };
        settings.Validate();
        Volatile.Write(ref _cache, new CachedSettings(mtu, settings));
        return settings;
    }

    /// <summary>Throws when an option is out of range, so that misuse is reported where the options are given.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    internal void Validate()
    {
        _ = ToSettings(1500, ipv6: false);
    }

    private sealed record CachedSettings(int Mtu, TcpSettings Settings);
}
