namespace SynAck.Tcp.Congestion;

/// <summary>What the caller does after <see cref="FastRecovery.OnAckAdvanced"/>.</summary>
public enum RecoveryAckResult
{
    /// <summary>Not in recovery: grow the window as usual with <see cref="ICongestionControl.OnAck"/>.</summary>
    NotInRecovery,

    /// <summary>
    /// A partial ACK (RFC 6582 §3.2 step 3): recovery goes on and cwnd was deflated. Retransmit
    /// the first unacknowledged segment (at the new SND.UNA) now, restart the retransmission
    /// timer (at least on the first partial ACK, <see cref="FastRecovery.PartialAcks"/> is 1),
    /// and send new data if cwnd allows. Do not call <see cref="ICongestionControl.OnAck"/>.
    /// </summary>
    PartialAck,

    /// <summary>
    /// A full ACK (RFC 6582 §3.2 step 3): everything outstanding when recovery began is
    /// acknowledged, recovery ended and cwnd was set for congestion avoidance. Do not call
    /// <see cref="ICongestionControl.OnAck"/> for this ACK.
    /// </summary>
    FullAck,
}
