using SynAck.Wire;

namespace SynAck.Tcp.Congestion;

/// <summary>
/// What a "new ACK" (RFC 9438 §4.1.2: an ACK that cumulatively acknowledges new data) tells the
/// congestion control outside loss recovery. The control block fills it; tests build it directly.
/// </summary>
public readonly record struct NewAck
{
    /// <summary>How far SND.UNA advanced, in bytes of data (N in RFC 5681 and RFC 9406).</summary>
    public int BytesAcked { get; init; }

    /// <summary>FlightSize before this ACK: data sent and not yet acknowledged.</summary>
    public int BytesInFlight { get; init; }

    /// <summary>The caller's monotonic time when the ACK arrived.</summary>
    public TimeSpan Now { get; init; }

    /// <summary>
    /// An RTT sample taken from this ACK, if any. HyStart++ needs one on most ACKs: it compares a
    /// round's minimum only after N_RTT_SAMPLE (8) samples (RFC 9406 §4.2), so the single timed
    /// segment per round of RFC 6298 alone never lets it leave slow start; timestamps (RFC 7323)
    /// or per-segment send times give a sample per ACK.
    /// </summary>
    public TimeSpan? RttSample { get; init; }

    /// <summary>SRTT (RFC 6298), zero before the first sample; CUBIC aims its window one SRTT ahead (RFC 9438 §4.2).</summary>
    public TimeSpan SmoothedRtt { get; init; }

    /// <summary>SND.UNA after this ACK (SEG.ACK): HyStart++ ends a round when it reaches the round's end.</summary>
    public SequenceNumber SndUna { get; init; }

    /// <summary>The highest sequence number sent plus one (SND.NXT, or SND.MAX after a timeout rewound SND.NXT): where a new round ends.</summary>
    public SequenceNumber SndNxt { get; init; }

    /// <summary>
    /// Whether something other than cwnd (the application or the peer's window) limited sending,
    /// so the window must not grow (RFC 7661 §4.1) and, for CUBIC, the time must not count towards
    /// W_cubic(t) (RFC 9438 §4.2, §5.8). Linux's tcp_is_cwnd_limited decides it in the control block.
    /// </summary>
    public bool ApplicationLimited { get; init; }
}
