namespace SynAck.Tcp;

/// <summary>
/// What one connection counted; the stack sums these into its metrics (named after Linux's TCP MIB).
/// A snapshot: <see cref="TcpControlBlock.Counters"/> returns a copy.
/// </summary>
public struct TcpConnectionCounters
{
    /// <summary>Segments handed to the stack for sending, retransmissions included (OutSegs).</summary>
    public long SegmentsSent { get; internal set; }

    /// <summary>Segments received (InSegs).</summary>
    public long SegmentsReceived { get; internal set; }

    /// <summary>Segments sent again: after a timeout, by fast retransmit, or a repeated SYN, SYN+ACK or FIN (RetransSegs).</summary>
    public long SegmentsRetransmitted { get; internal set; }

    /// <summary>Retransmission timer expiries.</summary>
    public long RetransmissionTimeouts { get; internal set; }

    /// <summary>Fast retransmits (RFC 5681 §3.2) and NewReno partial-ACK retransmits (RFC 6582).</summary>
    public long FastRetransmits { get; internal set; }

    /// <summary>Duplicate ACKs received (RFC 5681 §2).</summary>
    public long DuplicateAcksReceived { get; internal set; }

    /// <summary>Segments with RST sent (OutRsts).</summary>
    public long ResetsSent { get; internal set; }

    /// <summary>Acceptable RSTs received.</summary>
    public long ResetsReceived { get; internal set; }

    /// <summary>Challenge ACKs sent (RFC 5961).</summary>
    public long ChallengeAcksSent { get; internal set; }

    /// <summary>Challenge ACKs not sent because of the rate limit (RFC 5961 §7).</summary>
    public long ChallengeAcksSuppressed { get; internal set; }

    /// <summary>Segments that failed the sequence test (RFC 9293 §3.10.7.4 first check) or were otherwise dropped.</summary>
    public long SegmentsDropped { get; internal set; }

    /// <summary>Data segments that arrived above a gap.</summary>
    public long OutOfOrderSegments { get; internal set; }

    /// <summary>Duplicate data segments reported to the peer with a D-SACK block (RFC 2883; Linux TCPDSACKOldSent).</summary>
    public long DuplicateSegmentsReported { get; internal set; }

    /// <summary>D-SACK blocks received: retransmissions the peer already had, spurious ones (RFC 2883 §5; Linux TCPDSACKRecv).</summary>
    public long SpuriousRetransmissions { get; internal set; }

    /// <summary>Segments retransmitted because the SACK scoreboard or RACK marked them lost (RFC 6675, RFC 8985).</summary>
    public long SackRetransmits { get; internal set; }

    /// <summary>Tail loss probes sent (RFC 8985 §7; Linux TCPLossProbes).</summary>
    public long TailLossProbes { get; internal set; }

    /// <summary>Losses the tail loss probe repaired without a timeout (RFC 8985 §7.4; Linux TCPLossProbeRecovery).</summary>
    public long TailLossProbeRecoveries { get; internal set; }

    /// <summary>Zero-window probes sent.</summary>
    public long ZeroWindowProbesSent { get; internal set; }

    /// <summary>Keep-alive probes sent.</summary>
    public long KeepAliveProbesSent { get; internal set; }

    /// <summary>Application bytes sent for the first time.</summary>
    public long BytesSent { get; internal set; }

    /// <summary>Application bytes received in order.</summary>
    public long BytesReceived { get; internal set; }

    /// <summary>Segments dropped by PAWS: a timestamp older than TS.Recent (RFC 7323 §5; Linux PAWSEstabRejected).</summary>
    public long PawsRejected { get; internal set; }

    /// <summary>Segments received with the IP codepoint CE, Congestion Experienced (RFC 3168 §6.1.3).</summary>
    public long CongestionExperiencedReceived { get; internal set; }

    /// <summary>Window reductions made in answer to ECN-Echo (RFC 3168 §6.1.2).</summary>
    public long EcnReductions { get; internal set; }

    /// <summary>Events lost because the event queue was full (the stack drains it after every call, so this stays 0).</summary>
    public long EventsDropped { get; internal set; }
}
