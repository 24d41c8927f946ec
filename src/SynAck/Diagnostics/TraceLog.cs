using System.Collections;

namespace SynAck.Diagnostics;

/// <summary>
/// An observer that keeps every event in the order it came, for the renderers
/// (<see cref="LadderDiagram"/>, <see cref="TraceJson"/>, <see cref="MermaidDiagram"/>). Not thread-safe.
/// </summary>
public sealed class TraceLog : ITraceObserver, IReadOnlyList<TraceEvent>
{
    private readonly List<TraceEvent> _events = [];

    /// <summary>The number of events.</summary>
    public int Count => _events.Count;

    /// <summary>The event at <paramref name="index"/>.</summary>
    public TraceEvent this[int index] => _events[index];

    /// <inheritdoc/>
    public void OnSegment(in SegmentTrace segment) => _events.Add(segment);

    /// <inheritdoc/>
    public void OnState(in StateTrace state) => _events.Add(state);

    /// <summary>Appends an event.</summary>
    public void Add(TraceEvent traceEvent) => _events.Add(traceEvent);

    /// <summary>Removes every event.</summary>
    public void Clear() => _events.Clear();

    /// <inheritdoc/>
    public IEnumerator<TraceEvent> GetEnumerator() => _events.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
