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
