namespace SynAck.Tcp.Congestion;

/// <summary>What the caller does after <see cref="FastRecovery.OnDuplicateAck"/>.</summary>
public enum DuplicateAckAction
{
    /// <summary>Nothing beyond sending what the windows already allow.</summary>
    None,

    /// <summary>
    /// The first or second duplicate ACK (RFC 3042, RFC 5681 §3.2 step 1): the caller SHOULD send
    /// one segment of previously unsent data if the peer's window allows and FlightSize would
    /// stay at most cwnd + 2 * SMSS. cwnd is not changed for it.
    /// </summary>
    LimitedTransmit,

    /// <summary>
    /// The duplicate ACK threshold was reached and recovery began (RFC 5681 §3.2 steps 2-3,
    /// RFC 6582 §3.2 step 2): retransmit the segment at SND.UNA now, then send new data as the
    /// inflated cwnd (ssthresh + 3 * SMSS) and the peer's window allow.
    /// </summary>
    FastRetransmit,

    /// <summary>
    /// A further duplicate ACK during recovery inflated cwnd by SMSS (RFC 5681 §3.2 step 4): send
    /// new data if cwnd and the peer's window allow (step 5).
    /// </summary>
    WindowInflated,
}
