namespace SynAck.Tcp.Congestion;

/// <summary>What told the sender of congestion, for <see cref="ICongestionControl.OnCongestionEvent"/>.</summary>
public enum CongestionSignal
{
    /// <summary>Packet loss, found by duplicate ACKs, SACK or RACK: cwnd falls to at least 2 SMSS.</summary>
    Loss,

    /// <summary>
    /// An ACK with ECN-Echo (RFC 3168 §6.1.2), at most once per window of data: nothing needs to be
    /// retransmitted, and cwnd may fall to 1 SMSS (RFC 9438 §4.6).
    /// </summary>
    EcnEcho,
}
