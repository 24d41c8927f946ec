namespace SynAck.Tcp;

/// <summary>
/// The causes a <see cref="TcpEvent"/> carries: constants, so events never format strings.
/// Diagrams and logs print them as they are.
/// </summary>
public static class TcpCauses
{
    /// <summary>The user opened the connection actively (a SYN goes out).</summary>
    public const string ActiveOpen = "active open";
    /// <summary>The user opened the connection passively (LISTEN).</summary>
    public const string PassiveOpen = "passive open";
    /// <summary>A SYN arrived (in LISTEN, or in SYN-SENT for a simultaneous open).</summary>
    public const string ReceivedSyn = "received SYN";
    /// <summary>A SYN+ACK acknowledging our SYN arrived.</summary>
    public const string ReceivedSynAck = "received SYN+ACK";
    /// <summary>The ACK of our SYN arrived.</summary>
    public const string ReceivedAckOfSyn = "received ACK of SYN";
    /// <summary>The peer's FIN arrived.</summary>
    public const string ReceivedFin = "received FIN";
    /// <summary>The ACK of our FIN arrived.</summary>
    public const string ReceivedAckOfFin = "received ACK of FIN";
    /// <summary>An acceptable RST arrived.</summary>
    public const string ReceivedRst = "received RST";
    /// <summary>A SYN arrived inside the window of a synchronized connection (RFC 793 behaviour, RFC 5961 off).</summary>
    public const string ReceivedSynInWindow = "received SYN in window";
    /// <summary>The user shut down sending (CLOSE in RFC 9293 terms: a FIN follows the queued data).</summary>
    public const string ShutdownSend = "shutdown send";
    /// <summary>The user closed the connection.</summary>
    public const string Close = "close";
    /// <summary>The user closed while received data was unread, so the connection was reset (RFC 9293 SHLD-3).</summary>
    public const string CloseWithUnreadData = "close with unread data";
    /// <summary>Data arrived after the user closed, so the connection was reset (RFC 9293 SHLD-3).</summary>
    public const string DataAfterClose = "data after close";
    /// <summary>The user aborted the connection.</summary>
    public const string Abort = "abort";
    /// <summary>A segment was retransmitted as often as allowed (R2) without being acknowledged.</summary>
    public const string RetransmissionLimit = "retransmission limit";
    /// <summary>An active open took longer than its connect timeout.</summary>
    public const string ConnectTimeout = "connect timeout";
    /// <summary>Data stayed unacknowledged longer than the user timeout.</summary>
    public const string UserTimeout = "user timeout";
    /// <summary>Zero-window probes went unanswered as often as allowed.</summary>
    public const string ProbeLimit = "zero-window probe limit";
    /// <summary>Keep-alive probes went unanswered as often as allowed.</summary>
    public const string KeepAliveTimeout = "keep-alive timeout";
    /// <summary>TIME-WAIT lasted its 2*MSL.</summary>
    public const string TimeWaitExpired = "2*MSL timer";
    /// <summary>A closed connection waited in FIN-WAIT-2 longer than allowed.</summary>
    public const string FinWait2Timeout = "FIN-WAIT-2 timeout";
    /// <summary>The network layer reported the destination unreachable.</summary>
    public const string NetworkError = "network error";
    /// <summary>The peer's urgent pointer moved ahead of the data read.</summary>
    public const string UrgentPointer = "urgent pointer";
    /// <summary>Nothing more specific to say.</summary>
    public const string None = "";
}
