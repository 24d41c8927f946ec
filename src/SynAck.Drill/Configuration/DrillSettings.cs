using SynAck.Tcp;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Configuration;

/// <summary>The stack defaults a run starts from.</summary>
public enum DrillProfile
{
    /// <summary>SynAck's own defaults, untouched.</summary>
    SynAck,

    /// <summary>FreeBSD's defaults, which the FreeBSD suite assumes (<c>--profile freebsd</c>).</summary>
    FreeBsd,

    /// <summary>
    /// SynAck's defaults with a SYN of RFC 9293's and RFC 7323 §2's options only (MSS and window
    /// scale; no SACK, no timestamps), for scripts about §3.10's rules alone (<c>--profile rfc9293</c>).
    /// </summary>
    Rfc9293,
}

/// <summary>
/// What a run changes in SynAck's configuration: each property is an override, and null leaves
/// SynAck's default. A profile sets the starting values; sysctl lines in a script change them
/// (see <see cref="SysctlTable"/>). This is configuration only: the runner turns it into the
/// stack's and connections' options, never into special cases in the TCP logic.
/// </summary>
public sealed record DrillSettings
{
    /// <summary>No overrides: SynAck's defaults.</summary>
    public static DrillSettings None { get; } = new();

    /// <summary>
    /// FreeBSD's defaults as the FreeBSD suite's README lists them: SYN options laid out as FreeBSD
    /// does (<c>mss, nop, wscale, sackOK, TS</c>), 64 KiB receive and 32 KiB send buffers
    /// (net.inet.tcp.recvspace and sendspace, so the SYN offers <c>win 65535</c>), a receive
    /// buffer rounded up to a multiple of the MSS once the MSS is known, RFC 5961 for RST and SYN,
    /// SACK, timestamps and window scaling on, a 1 s initial RTO, a 75 s connect timeout
    /// (net.inet.tcp.keepinit), a 100 ms delayed-ACK timeout (net.inet.tcp.delacktime), and the
    /// ACK of a segment wholly before RCV.NXT still processed (tcp_input trims such a segment to
    /// nothing and goes on with its ACK).
    /// </summary>
    public static DrillSettings FreeBsd { get; } = new()
    {
        SynOptionLayout = TcpOptionLayout.FreeBsd,
        Rfc5961RstProcessing = true,
        Rfc5961SynProcessing = true,
        DropSynFin = false,
        InitialRetransmissionTimeout = TimeSpan.FromSeconds(1),
        ConnectTimeout = TimeSpan.FromSeconds(75),
        DelayedAckTimeout = TimeSpan.FromMilliseconds(100),
        SelectiveAcknowledgments = true,
        Timestamps = true,
        WindowScaling = true,
        ReceiveBufferSize = 65536,
        MaximumReceiveBufferSize = 2 * 1024 * 1024,
        SendBufferSize = 32768,
        RoundReceiveBufferToMss = true,
        ProcessAckOfOldSegments = true,
        DefinedSymbols = new HashSet<string>(StringComparer.Ordinal) { "FreeBSD" },
    };

    /// <summary>SynAck's defaults without SACK and timestamps: see <see cref="DrillProfile.Rfc9293"/>.</summary>
    public static DrillSettings Rfc9293 { get; } = new()
    {
        SelectiveAcknowledgments = false,
        Timestamps = false,
    };

    /// <summary>The order and alignment of the options in the stack's SYN and SYN-ACK.</summary>
    public TcpOptionLayout? SynOptionLayout { get; init; }

    /// <summary>RFC 5961 §3 for RST (true: a RST in the window but not at RCV.NXT draws a challenge ACK) or RFC 793 (false).</summary>
    public bool? Rfc5961RstProcessing { get; init; }

    /// <summary>RFC 5961 §4 for SYN in a synchronized state (true: a challenge ACK) or RFC 793 (false: a RST when in the window).</summary>
    public bool? Rfc5961SynProcessing { get; init; }

    /// <summary>Whether a segment with both SYN and FIN is dropped.</summary>
    public bool? DropSynFin { get; init; }

    /// <summary>The RTO before any RTT sample (RFC 6298 §2.1).</summary>
    public TimeSpan? InitialRetransmissionTimeout { get; init; }

    /// <summary>How long an active open may take before it fails with ETIMEDOUT.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>The longest an ACK is delayed.</summary>
    public TimeSpan? DelayedAckTimeout { get; init; }

    /// <summary>Whether SACK (RFC 2018) is offered and used.</summary>
    public bool? SelectiveAcknowledgments { get; init; }

    /// <summary>Whether ECN (RFC 3168) is off, accepted or requested.</summary>
    public TcpEcnMode? Ecn { get; init; }

    /// <summary>Whether the timestamp option (RFC 7323 §3) is offered and used.</summary>
    public bool? Timestamps { get; init; }

    /// <summary>Whether the window scale option (RFC 7323 §2) is offered and used.</summary>
    public bool? WindowScaling { get; init; }

    /// <summary>The receive buffer size in bytes (SO_RCVBUF's default).</summary>
    public int? ReceiveBufferSize { get; init; }

    /// <summary>The largest a receive buffer may be (FreeBSD's kern.ipc.maxsockbuf): the window scale offered covers it.</summary>
    public int? MaximumReceiveBufferSize { get; init; }

    /// <summary>The send buffer size in bytes (SO_SNDBUF's default).</summary>
    public int? SendBufferSize { get; init; }

    /// <summary>Whether the receive buffer grows to a multiple of the MSS once it is known, as FreeBSD's does (65536 becomes 65700 with an MSS of 1460).</summary>
    public bool RoundReceiveBufferToMss { get; init; }

    /// <summary>Whether the ACK of a segment wholly before RCV.NXT is still processed, as FreeBSD's tcp_input does after trimming it.</summary>
    public bool ProcessAckOfOldSegments { get; init; }

    /// <summary>The symbols defined for <c>#ifdef</c> sections.</summary>
    public IReadOnlySet<string> DefinedSymbols { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The settings a profile starts from.</summary>
    /// <param name="profile">The profile.</param>
    public static DrillSettings For(DrillProfile profile) => profile switch
    {
        DrillProfile.SynAck => None,
        DrillProfile.FreeBsd => FreeBsd,
        DrillProfile.Rfc9293 => Rfc9293,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown profile."),
    };

    /// <summary>The receive buffer FreeBSD reports and uses once the MSS is known: rounded up to a whole number of segments.</summary>
    /// <param name="bufferSize">The buffer size before rounding.</param>
    /// <param name="maximumSegmentSize">The connection's MSS.</param>
    public static int RoundUpToSegments(int bufferSize, int maximumSegmentSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bufferSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumSegmentSize);
        return checked((bufferSize + maximumSegmentSize - 1) / maximumSegmentSize * maximumSegmentSize);
    }
}
