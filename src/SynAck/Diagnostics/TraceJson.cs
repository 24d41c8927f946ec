using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Diagnostics;

/// <summary>
/// Writes events as JSON lines, one object per event in order, as DESIGN.md's CLI contract
/// fixes them: a segment is <c>{"type":"segment","time_s":..,"from":..,"to":..,"src":..,"dst":..,
/// "flags":..,"seq":..,"ack":..,"len":..,"win":..}</c> with <c>"lost":true</c>,
/// <c>"retransmission":true</c> and <c>"options"</c> only when they apply; a state change is
/// <c>{"type":"state","time_s":..,"endpoint":..,"from":..,"to":..,"cause":..}</c>.
/// </summary>
/// <remarks>
/// <c>time_s</c> is seconds since the Unix epoch, exact to the 100 ns tick (six decimals when the
/// time is a whole microsecond, seven otherwise). <c>flags</c> are tcpdump's letters (<c>S</c>,
/// <c>S.</c>, <c>F.</c>...), states are named as the seed names them (<c>SYN_SENT</c>). With
/// <see cref="DiagramOptions.Symbolic"/>, <c>seq</c> and <c>ack</c> stay absolute and
/// <c>seq_symbolic</c> and <c>ack_symbolic</c> (the latter with ACK only) are added.
/// </remarks>
public static class TraceJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes every event as one JSON object per line.</summary>
    /// <param name="events">The events in order.</param>
    /// <param name="options">Whether to add symbolic numbers; null for <see cref="DiagramOptions.Default"/>.</param>
    /// <returns>The lines, each ending in a newline.</returns>
    public static string Render(IReadOnlyList<TraceEvent> events, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        options ??= DiagramOptions.Default;
        var symbols = options.Symbolic ? SequenceSymbols.Create(events) : null;
        var buffer = new ArrayBufferWriter<byte>();
        var text = new StringBuilder();
        for (var i = 0; i < events.Count; i++)
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            {
                if (events[i].Kind == TraceEventKind.Segment)
                {
                    WriteSegment(json, events[i].Segment, i, symbols);
                }
                else
                {
                    WriteState(json, events[i].State);
                }
            }

            text.Append(Encoding.UTF8.GetString(buffer.WrittenSpan)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A time as JSON's <c>time_s</c>: seconds since the Unix epoch, exact to the tick.</summary>
    public static string FormatUnixSeconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = ticks / (decimal)TimeSpan.TicksPerSecond;
        return seconds.ToString(ticks % 10 == 0 ? "F6" : "F7", CultureInfo.InvariantCulture);
    }

    private static void WriteSegment(Utf8JsonWriter json, SegmentTrace segment, int index, SequenceSymbols? symbols)
    {
        json.WriteStartObject();
        json.WriteString("type", "segment");
        WriteTime(json, segment.Time);
        json.WriteString("from", segment.From);
        json.WriteString("to", segment.To);
        json.WriteString("src", segment.Source.ToString());
        json.WriteString("dst", segment.Destination.ToString());
        json.WriteString("flags", TcpFormatting.FormatFlags(segment.Flags));
        json.WriteNumber("seq", segment.SequenceNumber.Value);
        json.WriteNumber("ack", segment.AcknowledgmentNumber.Value);
        json.WriteNumber("len", segment.Length);
        json.WriteNumber("win", segment.Window);
        if (segment.Lost)
        {
            json.WriteBoolean("lost", true);
        }

        if (segment.Retransmission)
        {
            json.WriteBoolean("retransmission", true);
        }

        if (segment.Options.Length > 0)
        {
            json.WriteString("options", segment.Options);
        }

        if (symbols is not null)
        {
            json.WriteString("seq_symbolic", symbols.Sequence(segment, index));
            if (segment.Has(TcpFlags.Ack))
            {
                json.WriteString("ack_symbolic", symbols.Acknowledgment(segment, index));
            }
        }

        json.WriteEndObject();
    }

    private static void WriteState(Utf8JsonWriter json, StateTrace state)
    {
        json.WriteStartObject();
        json.WriteString("type", "state");
        WriteTime(json, state.Time);
        json.WriteString("endpoint", state.Endpoint);
        json.WriteString("from", TraceNames.StateName(state.From));
        json.WriteString("to", TraceNames.StateName(state.To));
        json.WriteString("cause", state.Cause);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, DateTimeOffset time)
    {
        json.WritePropertyName("time_s");
        json.WriteRawValue(FormatUnixSeconds(time), skipInputValidation: true);
    }
}
