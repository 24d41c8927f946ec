namespace SynAck.Tcp.Recovery;

/// <summary>How a connection that negotiated SACK decides that a segment is lost.</summary>
/// <remarks>Without SACK both fall back to duplicate ACKs and NewReno fast recovery (RFC 5681, RFC 6582).</remarks>
public enum LossDetection
{
    /// <summary>
    /// RACK-TLP (RFC 8985): time-based loss detection from per-segment transmit times, with a
    /// tail loss probe. The default, as Linux (tcp_recovery=1).
    /// </summary>
    Rack,

    /// <summary>
    /// Duplicate-ACK counting only: the RFC 6675 IsLost() rule (DupThresh SACKed segments above a
    /// hole), as classic stacks and FreeBSD's default do.
    /// </summary>
    DuplicateAck,
}
