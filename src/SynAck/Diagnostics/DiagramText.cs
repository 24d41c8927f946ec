using System.Globalization;
using System.Text;
using SynAck.Wire;

namespace SynAck.Diagnostics;

/// <summary>What the renderers share: the endpoints in column order and an arrow's label.</summary>
internal static class DiagramText
{
    /// <summary>
    /// The endpoints from left to right: the options' order, else the sender of the first segment
    /// (the one that opens), its receiver, then any other in the order the events name them.
    /// </summary>
    /// <exception cref="ArgumentException">An event names an endpoint that <see cref="DiagramOptions.Endpoints"/> leaves out.</exception>
    public static IReadOnlyList<string> Endpoints(IReadOnlyList<TraceEvent> events, DiagramOptions options)
    {
        var seen = new List<string>();
        foreach (var traceEvent in events)
        {
            if (traceEvent.Kind == TraceEventKind.Segment)
            {
                Add(seen, traceEvent.Segment.From);
                Add(seen, traceEvent.Segment.To);
                break;
            }
        }

        foreach (var traceEvent in events)
        {
            if (traceEvent.Kind == TraceEventKind.Segment)
            {
                Add(seen, traceEvent.Segment.From);
                Add(seen, traceEvent.Segment.To);
            }
            else
            {
                Add(seen, traceEvent.State.Endpoint);
            }
        }

        if (options.Endpoints is not { } order)
        {
            return seen;
        }

        foreach (var name in seen)
        {
            if (!order.Contains(name))
            {
                throw new ArgumentException($"The events name endpoint '{name}', which the options' Endpoints leave out.", nameof(options));
            }
        }

        return order;
    }

    /// <summary>An arrow's label: <c>SYN+ACK seq=y ack=x+1</c>, with <c>len=</c> for data and <c>win=</c> when asked.</summary>
    public static string Label(SegmentTrace segment, int eventIndex, SequenceSymbols? symbols, DiagramOptions options)
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder(TraceNames.FlagNamesOf(segment.Flags));
        text.Append(" seq=").Append(symbols?.Sequence(segment, eventIndex) ?? segment.SequenceNumber.Value.ToString(invariant));
        if (segment.Has(TcpFlags.Ack))
        {
            text.Append(" ack=").Append(symbols?.Acknowledgment(segment, eventIndex) ?? segment.AcknowledgmentNumber.Value.ToString(invariant));
        }

        if (segment.Length > 0)
        {
            text.Append(invariant, $" len={segment.Length}");
        }

        if (options.ShowWindow)
        {
            text.Append(invariant, $" win={segment.Window}");
        }

        if (segment.Retransmission)
        {
            text.Append(" (retransmission)");
        }

        return text.ToString();
    }

    private static void Add(List<string> names, string name)
    {
        if (!names.Contains(name))
        {
            names.Add(name);
        }
    }
}
