using SynAck.Diagnostics;
using SynAck.Tcp;

namespace SynAck.Tests.Stack;

/// <summary>Records the stacks' event stream, thread-safely, for assertions.</summary>
internal sealed class TraceRecorder : ITraceObserver
{
    private readonly object _gate = new();
    private readonly List<SegmentTrace> _segments = [];
    private readonly List<StateTrace> _states = [];

    public void OnSegment(in SegmentTrace segment)
    {
        lock (_gate)
        {
            _segments.Add(segment);
        }
    }

    public void OnState(in StateTrace state)
    {
        lock (_gate)
        {
            _states.Add(state);
        }
    }

    /// <summary>The segments one stack put on the wire, in order.</summary>
    public List<SegmentTrace> SentBy(string stack)
    {
        lock (_gate)
        {
            return [.. _segments.Where(s => s.From == stack)];
        }
    }

    /// <summary>The state changes one stack reported, in order.</summary>
    public List<StateTrace> StateChanges(string stack)
    {
        lock (_gate)
        {
            return [.. _states.Where(s => s.Endpoint == stack)];
        }
    }

    /// <summary>The states one stack's connections entered, in order, starting with the state left first.</summary>
    public List<TcpState> States(string stack)
    {
        List<StateTrace> events;
        lock (_gate)
        {
            events = [.. _states.Where(s => s.Endpoint == stack)];
        }

        return events.Count == 0 ? [] : [events[0].From, .. events.Select(e => e.To)];
    }
}
