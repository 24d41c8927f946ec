namespace SynAck.Tcp.Congestion;

/// <summary>
/// A congestion control algorithm for one connection: it owns the congestion window (cwnd) and
/// the slow start threshold (ssthresh), both in bytes, and reacts to ACKs, losses, timeouts and
/// idle periods. <see cref="Cubic"/> (RFC 9438, the default) and <see cref="NewReno"/> (RFC 5681)
/// implement it; the connection picks one when it is created (<see cref="TcpSettings.CongestionControl"/>).
/// </summary>
/// <remarks>
/// Loss recovery (fast retransmit and fast recovery, <see cref="FastRecovery"/>) is separate: it
/// calls <see cref="OnCongestionEvent"/> once per loss episode and adjusts the window during
/// recovery through <see cref="SetCongestionWindow"/>. While recovery is in progress the caller
/// does not call <see cref="OnAck"/>. Implementations are sans-IO: time comes in as arguments.
/// </remarks>
public interface ICongestionControl
{
    /// <summary>A short lowercase name for options and output: "newreno", "cubic".</summary>
    string Name { get; }

    /// <summary>SMSS, the sender maximum segment size in bytes, as last given to <see cref="Reset"/>.</summary>
    int MaxSegmentSize { get; }

    /// <summary>cwnd in bytes: how much data may be in flight.</summary>
    int CongestionWindow { get; }

    /// <summary>ssthresh in bytes; <see cref="int.MaxValue"/> ("arbitrarily high", RFC 5681 §3.1) until the first loss.</summary>
    int SlowStartThreshold { get; }

    /// <summary>Whether the window grows by slow start (cwnd below ssthresh) rather than congestion avoidance.</summary>
    bool InSlowStart { get; }

    /// <summary>
    /// Starts (or restarts) the algorithm for a connection whose SMSS is now known: the initial
    /// window, ssthresh arbitrarily high.
    /// </summary>
    /// <param name="maxSegmentSize">SMSS in bytes (the effective send MSS); positive.</param>
    /// <param name="handshakeRetransmitted">
    /// Whether the SYN or SYN-ACK had to be retransmitted; then the initial window is one segment
    /// (RFC 5681 §3.1, RFC 6928 §2).
    /// </param>
    void Reset(int maxSegmentSize, bool handshakeRetransmitted = false);

    /// <summary>
    /// An ACK acknowledged new data outside loss recovery: grow the window (slow start or
    /// congestion avoidance) unless <see cref="NewAck.ApplicationLimited"/> says cwnd was not
    /// what limited sending.
    /// </summary>
    /// <param name="ack">What the ACK acknowledged, when, and the sender's state around it.</param>
    void OnAck(in NewAck ack);

    /// <summary>
    /// Loss was detected by duplicate ACKs, SACK or RACK, or an ACK carried ECN-Echo: a
    /// multiplicative decrease, once per window of data. Sets ssthresh (NewReno: RFC 5681
    /// equation 4, <c>max(FlightSize / 2, 2 * SMSS)</c>; CUBIC: 0.7 of cwnd) and cwnd to the
    /// window after recovery; the recovery algorithm may then inflate cwnd temporarily. Slow start
    /// (and HyStart++) ends.
    /// </summary>
    /// <param name="bytesInFlight">FlightSize when the loss was detected.</param>
    /// <param name="now">The caller's monotonic time.</param>
    /// <param name="signal">Whether loss or an ECN-Echo (RFC 3168 §6.1.2) signalled the congestion.</param>
    void OnCongestionEvent(int bytesInFlight, TimeSpan now, CongestionSignal signal = CongestionSignal.Loss);

    /// <summary>
    /// The last congestion event or timeout was found spurious (D-SACK, RFC 3708; F-RTO, RFC 5682;
    /// Eifel, RFC 3522): restore cwnd, ssthresh and the algorithm's state saved when it happened,
    /// if cwnd is still below what it was then (RFC 9438 §4.9). Call it once recovery has ended.
    /// </summary>
    /// <returns>Whether anything was restored.</returns>
    bool UndoCongestionEvent();

    /// <summary>
    /// The retransmission timer expired: ssthresh as for a loss (not recomputed on further
    /// timeouts of the same segment) and cwnd to the loss window of one segment (RFC 5681 §3.1).
    /// </summary>
    /// <param name="bytesInFlight">FlightSize when the timer expired.</param>
    void OnRetransmissionTimeout(int bytesInFlight);

    /// <summary>Sets cwnd directly, for recovery algorithms that inflate and deflate it (RFC 5681 §3.2, RFC 6582).</summary>
    /// <param name="bytes">The new cwnd in bytes; positive.</param>
    void SetCongestionWindow(int bytes);

    /// <summary>
    /// Called before sending after the connection has sent nothing for <paramref name="idle"/>:
    /// when that exceeds the RTO, cwnd restarts from the restart window (RFC 5681 §4.1).
    /// </summary>
    /// <param name="idle">How long nothing was sent.</param>
    /// <param name="retransmissionTimeout">The current RTO.</param>
    void OnIdleRestart(TimeSpan idle, TimeSpan retransmissionTimeout);
}
