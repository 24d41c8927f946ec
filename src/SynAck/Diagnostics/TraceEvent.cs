namespace SynAck.Diagnostics;

/// <summary>One entry of the event stream: a segment or a state change. Renderers take a list of these, in order.</summary>
public readonly record struct TraceEvent
{
    private readonly SegmentTrace _segment;
    private readonly StateTrace _state;

    /// <summary>Wraps a segment.</summary>
    public TraceEvent(SegmentTrace segment)
    {
        Kind = TraceEventKind.Segment;
        _segment = segment;
    }

    /// <summary>Wraps a state change.</summary>
    public TraceEvent(StateTrace state)
    {
        Kind = TraceEventKind.State;
        _state = state;
    }

    /// <summary>Whether this is a segment or a state change.</summary>
    public TraceEventKind Kind { get; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset Time => Kind == TraceEventKind.Segment ? _segment.Time : _state.Time;

    /// <summary>The segment.</summary>
    /// <exception cref="InvalidOperationException">This is a state change.</exception>
    public SegmentTrace Segment => Kind == TraceEventKind.Segment
        ? _segment
        : throw new InvalidOperationException("This event is a state change, not a segment.");

    /// <summary>The state change.</summary>
    /// <exception cref="InvalidOperationException">This is a segment.</exception>
    public StateTrace State => Kind == TraceEventKind.State
        ? _state
        : throw new InvalidOperationException("This event is a segment, not a state change.");

    /// <summary>Wraps a segment.</summary>
    public static implicit operator TraceEvent(SegmentTrace segment) => new(segment);

    /// <summary>Wraps a state change.</summary>
    public static implicit operator TraceEvent(StateTrace state) => new(state);

    /// <summary>Wraps a segment.</summary>
    public static TraceEvent FromSegmentTrace(SegmentTrace segment) => new(segment);

    /// <summary>Wraps a state change.</summary>
    public static TraceEvent FromStateTrace(StateTrace state) => new(state);
}
