namespace SynAck.Diagnostics;

/// <summary>What a <see cref="TraceEvent"/> holds.</summary>
public enum TraceEventKind
{
    /// <summary>A <see cref="SegmentTrace"/>.</summary>
    Segment,

    /// <summary>A <see cref="StateTrace"/>.</summary>
    State,
}
