using System.Globalization;
using SynAck.Wire;

namespace SynAck.Diagnostics;

/// <summary>
/// Sequence numbers written as the seed writes them (seed README §3-4): x and y for the two ISNs,
/// u for the first closer's FIN, v for the other side's ACK of it, w for the other side's FIN;
/// other numbers as an offset from the nearest of these in the same sequence space (<c>x+1</c>,
/// <c>y+301</c>, <c>u+1</c>).
/// </summary>
/// <remarks>
/// A symbol names the sequence field of the segment that defines it: x the first SYN, y the first
/// SYN of the other endpoint, u the first FIN, v the other endpoint's first non-FIN segment that
/// acknowledges that FIN, w the other endpoint's first FIN. A number is written from the symbols
/// its sequence space already has at that event (the sender's for SEG.SEQ, the receiver's for
/// SEG.ACK), the closest one below it, the latest defined on a tie. With no such symbol (no SYN
/// seen, as in a capture that starts mid-connection) the number stays absolute.
/// </remarks>
internal sealed class SequenceSymbols
{
    private readonly List<Symbol> _symbols = [];

    private SequenceSymbols()
    {
    }

    /// <summary>Finds the symbols of a connection's events.</summary>
    public static SequenceSymbols Create(IReadOnlyList<TraceEvent> events)
    {
        var symbols = new SequenceSymbols();
        string? opener = null;
        string? closer = null;
        SequenceNumber firstFinEnd = default;
        var haveY = false;
        var haveV = false;
        var haveW = false;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Kind != TraceEventKind.Segment)
            {
                continue;
            }

            var segment = events[i].Segment;
            if (segment.Has(TcpFlags.Syn))
            {
                if (opener is null)
                {
                    opener = segment.From;
                    symbols.Define("x", segment.From, segment.SequenceNumber, i);
                }
                else if (!haveY && segment.From != opener)
                {
                    haveY = true;
                    symbols.Define("y", segment.From, segment.SequenceNumber, i);
                }
            }

            if (closer is not null && segment.From != closer)
            {
                var acksFin = segment.Has(TcpFlags.Ack) && segment.AcknowledgmentNumber - firstFinEnd >= 0;
                if (!haveV && !haveW && acksFin && !segment.Has(TcpFlags.Fin))
                {
                    haveV = true;
                    symbols.Define("v", segment.From, segment.SequenceNumber, i);
                }

                if (!haveW && segment.Has(TcpFlags.Fin))
                {
                    haveW = true;
                    symbols.Define("w", segment.From, segment.SequenceNumber, i);
                }
            }

            if (closer is null && segment.Has(TcpFlags.Fin))
            {
                closer = segment.From;
                firstFinEnd = segment.End;
                symbols.Define("u", segment.From, segment.SequenceNumber, i);
            }
        }

        return symbols;
    }

    /// <summary>SEG.SEQ of the segment at <paramref name="eventIndex"/>, in its sender's symbols.</summary>
    public string Sequence(SegmentTrace segment, int eventIndex) => Format(segment.From, segment.SequenceNumber, eventIndex);

    /// <summary>SEG.ACK of the segment at <paramref name="eventIndex"/>, in its receiver's symbols.</summary>
    public string Acknowledgment(SegmentTrace segment, int eventIndex) => Format(segment.To, segment.AcknowledgmentNumber, eventIndex);

    private void Define(string name, string space, SequenceNumber value, int eventIndex) => _symbols.Add(new Symbol(name, space, value, eventIndex));

    private string Format(string space, SequenceNumber number, int eventIndex)
    {
        Symbol? best = null;
        var bestOffset = long.MaxValue;
        foreach (var symbol in _symbols)
        {
            if (symbol.Space != space || symbol.EventIndex > eventIndex)
            {
                continue;
            }

            long offset = number - symbol.Value;
            if (offset >= 0 && offset <= bestOffset)
            {
                best = symbol;
                bestOffset = offset;
            }
        }

        return best is not { } found
            ? number.Value.ToString(CultureInfo.InvariantCulture)
            : bestOffset == 0 ? found.Name : string.Create(CultureInfo.InvariantCulture, $"{found.Name}+{bestOffset}");
    }

    private readonly record struct Symbol(string Name, string Space, SequenceNumber Value, int EventIndex);
}
