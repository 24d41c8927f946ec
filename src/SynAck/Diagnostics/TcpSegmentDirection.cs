namespace SynAck.Diagnostics;

/// <summary>Whether a traced segment left or reached the stack that reports it.</summary>
public enum TcpSegmentDirection
{
    /// <summary>The stack put the segment on a link.</summary>
    Sent,

    /// <summary>The stack took the segment off a link (after the IP and TCP checks).</summary>
    Received,
}
