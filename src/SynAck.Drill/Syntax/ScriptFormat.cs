using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SynAck.Drill.Matching;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Syntax;

/// <summary>
/// Writes packets in script syntax, so that failures show the expected line and the actual
/// packet side by side in the same notation. What it writes for a <see cref="TcpPacketSpec"/>
/// parses back to the same packet.
/// </summary>
public static class ScriptFormat
{
    private const string FlagLetters = "FSRPUEWA";

    private static readonly TcpFlags[] FlagOrder =
        [TcpFlags.Fin, TcpFlags.Syn, TcpFlags.Rst, TcpFlags.Psh, TcpFlags.Urg, TcpFlags.Ece, TcpFlags.Cwr, TcpFlags.Ae];

    /// <summary>A packet line without its time: <c>&gt; S. 0:0(0) ack 1 win 65535 &lt;mss 1460,sackOK,eol,eol&gt;</c>.</summary>
    /// <param name="packet">The packet.</param>
    public static string Packet(TcpPacketSpec packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var text = new StringBuilder(packet.Direction == PacketDirection.Inbound ? "<" : ">");
        if (packet.Ip is { } ip)
        {
            text.Append(' ').Append(IpInfo(ip));
        }

        if (packet.SourcePort is { } source && packet.DestinationPort is { } destination)
        {
            text.Append(CultureInfo.InvariantCulture, $" {source}>{destination}");
        }

        text.Append(' ').Append(Flags(packet.Flags)).Append(' ');
        var sequence = packet.Sequence;
        text.Append(sequence.IsIgnored
            ? string.Create(CultureInfo.InvariantCulture, $"...({sequence.Length})")
            : string.Create(CultureInfo.InvariantCulture, $"{sequence.Start}:{sequence.End}({sequence.Length}){(sequence.IsAbsolute ? "!" : string.Empty)}"));
        Append(text, "ack", packet.Acknowledgment);
        Append(text, "win", packet.Window);
        Append(text, "urg", packet.UrgentPointer);
        if (packet.AnyOptions)
        {
            text.Append(" <...>");
        }
        else if (packet.Options.Count > 0)
        {
            text.Append(' ').Append(Options(packet.Options));
        }

        return text.ToString();
    }

    /// <summary>A system call line without its time: <c>connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)</c>.</summary>
    /// <param name="call">The call.</param>
    public static string Syscall(SyscallEvent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var text = new StringBuilder();
        if (call.ReturnTime is { } returnTime)
        {
            text.Append("...").Append(EventTime.Seconds(returnTime)).Append(' ');
        }

        text.Append(call.Name).Append('(').AppendJoin(", ", call.Arguments).Append(") = ").Append(call.Result);
        if (call.Errno is { } errno)
        {
            text.Append(' ').Append(errno.Name);
            if (errno.Description is { } description)
            {
                text.Append(" (").Append(description).Append(')');
            }
        }

        if (call.Note is { } note)
        {
            text.Append(" (").Append(note).Append(')');
        }

        return text.ToString();
    }

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

        text.Append(Flags(segment.Flags));
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

    /// <summary>Flags as a line writes them: letters F S R P U E W A, then <c>.</c> for ACK; <c>-</c> for none.</summary>
    /// <param name="flags">The flags.</param>
    public static string Flags(TcpFlags flags)
    {
        var text = new StringBuilder();
        for (var i = 0; i < FlagOrder.Length; i++)
        {
            if ((flags & FlagOrder[i]) != 0)
            {
                text.Append(FlagLetters[i]);
            }
        }

        if ((flags & TcpFlags.Ack) != 0)
        {
            text.Append('.');
        }

        return text.Length == 0 ? "-" : text.ToString();
    }

    /// <summary>An option list: <c>&lt;mss 1460,nop,wscale 6&gt;</c>.</summary>
    /// <param name="options">The options.</param>
    public static string Options(IReadOnlyList<TcpOptionSpec> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return "<" + string.Join(',', options) + ">";
    }

    /// <summary>A sent packet's options in script syntax; kinds a script cannot write show as <c>opt K:hex</c>.</summary>
    /// <param name="options">The options.</param>
    public static string Options(IReadOnlyList<ObservedOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return "<" + string.Join(',', options.Select(Option)) + ">";
    }

    /// <summary>An ECN expectation's keyword.</summary>
    /// <param name="ecn">The expectation.</param>
    public static string Ecn(EcnExpectation ecn) => ecn switch
    {
        EcnExpectation.NotEct => "noecn",
        EcnExpectation.Ect0 => "ect0",
        EcnExpectation.Ect1 => "ect1",
        EcnExpectation.Ce => "ce",
        _ => "ect01",
    };

    /// <summary>An ECN codepoint's keyword.</summary>
    /// <param name="ecn">The codepoint.</param>
    public static string Ecn(EcnCodepoint ecn) => ecn switch
    {
        EcnCodepoint.Ect0 => "ect0",
        EcnCodepoint.Ect1 => "ect1",
        EcnCodepoint.Ce => "ce",
        _ => "noecn",
    };

    private static string IpInfo(IpSpec ip)
    {
        var parts = new List<string>();
        if (ip.Ecn is { } ecn)
        {
            parts.Add(Ecn(ecn));
        }

        if (ip.TypeOfService is { } tos)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"tos 0x{tos:x}"));
        }

        if (ip.FlowLabel is { } label)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"flowlabel 0x{label:x}"));
        }

        if (ip.TimeToLive is { } ttl)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"ttl {ttl}"));
        }

        return "[" + string.Join(',', parts) + "]";
    }

    private static void Append(StringBuilder text, string keyword, uint? value)
    {
        if (value is { } v)
        {
            text.Append(CultureInfo.InvariantCulture, $" {keyword} {v}");
        }
    }

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
