namespace SynAck.Diagnostics;

/// <summary>
/// Receives a network stack's event stream (DESIGN.md rule 8): every TCP segment the stack sends
/// or accepts, and every state change of its connections, each with a timestamp.
/// </summary>
/// <remarks>
/// A stack calls its observer on its event loop, one call at a time. Several stacks may share an
/// observer; on <see cref="Runtime.ThreadEventLoop"/>s the calls then come from several threads,
/// so such an observer must be thread-safe. The events are values and may be kept; keep the
/// calls short, they run on the stack's hot path.
/// </remarks>
public interface ITcpTraceObserver
{
    /// <summary>A segment was sent, or a received one passed the checksum and header checks.</summary>
    /// <param name="segment">The segment.</param>
    void OnSegment(in TcpSegmentEvent segment);

    /// <summary>A connection changed state.</summary>
    /// <param name="change">The change.</param>
    void OnStateChanged(in TcpStateEvent change);
}
