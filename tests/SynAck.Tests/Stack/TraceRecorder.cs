using SynAck.Diagnostics;
using SynAck.Tcp;

namespace SynAck.Tests.Stack;

/// <summary>Records every traced segment and state change, thread-safely, for assertions.</summary>
internal sealed class TraceRecorder : ITcpTraceObserver
{
    private readonly object _gate = new();
    private readonly List<TcpSegmentEvent> _segments = [];
    private readonly List<TcpStateEvent> _states = [];

    public void OnSegment(in TcpSegmentEvent segment)
    {
        lock (_gate)
        {
            _segments.Add(segment);
        }
    }

    public void OnStateChanged(in TcpStateEvent change)
    {
        lock (_gate)
        {
            _states.Add(change);
        }
    }

    public List<TcpSegmentEvent> Segments(string stack, TcpSegmentDirection direction)
    {
        lock (_gate)
        {
            return [.. _segments.Where(s => s.Stack == stack && s.Direction == direction)];
        }
    }

    public List<TcpStateEvent> StateEvents(string stack)
    {
        lock (_gate)
        {
            return [.. _states.Where(s => s.Stack == stack)];
        }
    }

    /// <summary>The states one stack's connections entered, in order, starting with the state left first.</summary>
    public List<TcpState> States(string stack)
    {
        var events = StateEvents(stack);
        return events.Count == 0 ? [] : [events[0].From, .. events.Select(e => e.To)];
    }
}
