namespace SynAck.Tcp;

/// <summary>What a <see cref="TcpEvent"/> reports.</summary>
public enum TcpEventKind
{
    /// <summary>The state changed; <see cref="TcpEvent.From"/>, <see cref="TcpEvent.To"/> and <see cref="TcpEvent.Cause"/> say how.</summary>
    StateChanged,
    /// <summary>The connection reached ESTABLISHED for the first time.</summary>
    Established,
    /// <summary>Data became readable (edge-triggered: raised again only after the user has called Receive).</summary>
    DataReadable,
    /// <summary>Space became free in the send buffer after a Send could not take everything it was given.</summary>
    SendSpaceAvailable,
    /// <summary>The peer's FIN arrived in order: after the data already buffered, the stream ends.</summary>
    PeerClosed,
    /// <summary>The peer's urgent pointer is ahead of the data read so far (RFC 9293 MUST-32).</summary>
    UrgentData,
    /// <summary>A retransmitted segment reached threshold R1 (RFC 9293 §3.8.3 (b), (e)): a delivery problem.</summary>
    RetransmissionThreshold,
    /// <summary>The connection failed; <see cref="TcpEvent.Error"/> says why. Raised once.</summary>
    Error,
    /// <summary>A passive connection in SYN-RECEIVED went back to LISTEN (RFC 9293 MUST-11): the stack drops this control block and keeps the listener.</summary>
    ReturnedToListen,
    /// <summary>The connection reached CLOSED; the stack may release it once the user has read what is left.</summary>
    Closed,
}
