namespace SynAck.Diagnostics;

/// <summary>Receives the event stream: each segment put on the wire and each state change, in order.</summary>
public interface ITraceObserver
{
    /// <summary>A segment was put on the wire (or seen in a capture).</summary>
    /// <param name="segment">The segment.</param>
    void OnSegment(in SegmentTrace segment);

    /// <summary>An endpoint's state changed.</summary>
    /// <param name="state">The change.</param>
    void OnState(in StateTrace state);
}
