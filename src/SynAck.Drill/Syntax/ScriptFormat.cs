using System.Globalization;
using System.Text;
using SynAck.Wire;

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
}
