using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SynAck.Drill.Syntax;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Matching;

/// <summary>Writes what the stack sent in script syntax, beside the expected line (see <see cref="ScriptFormat"/>).</summary>
public static class SegmentFormat
{
    /// <summary>A packet the stack sent, like an outbound line without the direction: <c>S. 0:0(0) ack 1 win 65535 &lt;mss 1460&gt;</c>.</summary>
    /// <param name="segment">The segment (in script space, after mapping).</param>
    public static string Segment(ObservedSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var text = new StringBuilder();
        if (segment.Ecn != EcnCodepoint.NotEct)
        {
            text.Append('[').Append(Ecn(segment.Ecn)).Append("] ");
        }

        text.Append(ScriptFormat.Flags(segment.Flags));
        text.Append(CultureInfo.InvariantCulture, $" {segment.SequenceNumber}:{unchecked(segment.SequenceNumber + (uint)segment.PayloadLength)}({segment.PayloadLength})");
        if ((segment.Flags & TcpFlags.Ack) != 0 || segment.AcknowledgmentNumber != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ack {segment.AcknowledgmentNumber}");
        }

        text.Append(CultureInfo.InvariantCulture, $" win {segment.Window}");
        if (segment.UrgentPointer != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" urg {segment.UrgentPointer}");
        }

        if (segment.Options.Count > 0)
        {
            text.Append(' ').Append(Options(segment.Options));
        }

        return text.ToString();
    }

    /// <summary>A sent packet's options in script syntax; kinds a script cannot write show as <c>opt K:hex</c>.</summary>
    /// <param name="options">The options.</param>
    public static string Options(IReadOnlyList<ObservedOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return "<" + string.Join(',', options.Select(Option)) + ">";
    }

    /// <summary>An ECN codepoint's keyword.</summary>
    /// <param name="ecn">The codepoint.</param>
    public static string Ecn(EcnCodepoint ecn) => ecn switch
    {
        EcnCodepoint.Ect0 => "ect0",
        EcnCodepoint.Ect1 => "ect1",
        EcnCodepoint.Ce => "ce",
        _ => "noecn",
    };

    private static string Option(ObservedOption option)
    {
        var data = option.Data.Span;
        return option.Kind switch
        {
            TcpOptionKind.EndOfOptionList => "eol",
            TcpOptionKind.NoOperation => "nop",
            TcpOptionKind.MaximumSegmentSize when data.Length == 2 => string.Create(CultureInfo.InvariantCulture, $"mss {BinaryPrimitives.ReadUInt16BigEndian(data)}"),
            TcpOptionKind.WindowScale when data.Length == 1 => string.Create(CultureInfo.InvariantCulture, $"wscale {data[0]}"),
            TcpOptionKind.SackPermitted when data.IsEmpty => "sackOK",
            TcpOptionKind.Timestamps when data.Length == 8 => string.Create(
                CultureInfo.InvariantCulture,
                $"TS val {BinaryPrimitives.ReadUInt32BigEndian(data)} ecr {BinaryPrimitives.ReadUInt32BigEndian(data[4..])}"),
            TcpOptionKind.Sack when data.Length > 0 && data.Length % 8 == 0 => "sack " + string.Join(' ', Enumerable.Range(0, data.Length / 8).Select(i =>
                string.Create(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt32BigEndian(option.Data.Span[(8 * i)..])}:{BinaryPrimitives.ReadUInt32BigEndian(option.Data.Span[((8 * i) + 4)..])}"))),
            TcpOptionKind.FastOpen => data.IsEmpty ? "FO" : "FO " + Convert.ToHexStringLower(data),
            _ => string.Create(CultureInfo.InvariantCulture, $"opt {(byte)option.Kind}:{Convert.ToHexStringLower(data)}"),
        };
    }
}
