using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SynAck.Wire.Tcp;

/// <summary>
/// TCP segments as tcpdump prints them (tcp_print in tcpdump's print-tcp.c, with <c>-S</c> for
/// absolute sequence numbers), for <c>synack decode</c> and for people reading logs.
/// </summary>
public static class TcpFormatting
{
    // tcpdump's tcp_flag_values table, in its order. The AE letter 'e' came with tcpdump pull
    // request #999 (2023); tcpdump 4.99.3 on the development machine predates it and ignores the bit.
    private static readonly (TcpFlags Flag, char Letter)[] FlagLetters =
    [
        (TcpFlags.Fin, 'F'),
        (TcpFlags.Syn, 'S'),
        (TcpFlags.Rst, 'R'),
        (TcpFlags.Psh, 'P'),
        (TcpFlags.Ack, '.'),
        (TcpFlags.Urg, 'U'),
        (TcpFlags.Ece, 'E'),
        (TcpFlags.Cwr, 'W'),
        (TcpFlags.Ae, 'e'),
    ];

    private const string NoFlags = "none";

    /// <summary>
    /// The control bits in tcpdump letters, in tcpdump's order F S R P . U E W e (ACK is <c>.</c>,
    /// AE is <c>e</c>): <c>S</c>, <c>S.</c>, <c>.</c>, <c>P.</c>, <c>FP.</c>, <c>R.</c>; <c>none</c> when no bit is set.
    /// </summary>
    public static string FormatFlags(TcpFlags flags)
    {
        Span<char> letters = stackalloc char[FlagLetters.Length];
        TryFormatFlags(flags, letters, out var length);
        return new string(letters[..length]);
    }

    /// <summary>Writes <see cref="FormatFlags"/>'s text without allocating; false when <paramref name="destination"/> is too small.</summary>
    public static bool TryFormatFlags(TcpFlags flags, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if ((flags & (TcpFlags)TcpHeaderLayout.FlagsMask) == TcpFlags.None)
        {
            if (!NoFlags.AsSpan().TryCopyTo(destination))
            {
                return false;
            }

            charsWritten = NoFlags.Length;
            return true;
        }

        foreach (var (flag, letter) in FlagLetters)
        {
            if ((flags & flag) == 0)
            {
                continue;
            }

            if (charsWritten == destination.Length)
            {
                charsWritten = 0;
                return false;
            }

            destination[charsWritten++] = letter;
        }

        return true;
    }

    /// <summary>
    /// The options of <paramref name="segment"/> in wire order as tcpdump lists them, e.g.
    /// <c>[mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]</c>; an empty string when the header has no
    /// options area. SACK blocks are absolute (<c>sack 1 {1101:1201}</c>). Options SynAck does not
    /// read are printed by name where tcpdump has one (<c>mptcp</c>, <c>tfo</c>, <c>tcp-ao</c>...),
    /// else as <c>unknown-N</c>, followed by their bytes in hex (tcpdump decodes a few of them further).
    /// </summary>
    public static string FormatOptions(TcpSegmentView segment)
    {
        if (segment.OptionsSpan.IsEmpty)
        {
            return string.Empty;
        }

        var text = new StringBuilder("[");
        var first = true;
        foreach (var option in segment.Options)
        {
            if (!first)
            {
                text.Append(',');
            }

            AppendOption(text, option);
            first = false;
        }

        return text.Append(']').ToString();
    }

    /// <summary>One option as tcpdump prints it: <c>mss 1460</c>, <c>nop</c>, <c>TS val 1 ecr 0</c>, <c>unknown-99 0x0102</c>.</summary>
    public static string FormatOption(TcpOption option) => AppendOption(new StringBuilder(), option).ToString();

    /// <summary>
    /// The TCP part of a tcpdump line with absolute sequence numbers, without addresses:
    /// <c>Flags [S.], seq 1000, ack 2001, win 65160, options [...], length 0</c>. As tcpdump does,
    /// <c>seq</c> shows for data, SYN, FIN and RST (as <c>first:end</c> with data), <c>ack</c> only
    /// with ACK, <c>urg</c> only with URG.
    /// </summary>
    public static string FormatSegment(TcpSegmentView segment)
        => FormatSegment(
            segment.Flags,
            segment.SequenceNumber,
            segment.AcknowledgmentNumber,
            segment.Window,
            segment.UrgentPointer,
            FormatOptions(segment),
            segment.Payload.Length);

    /// <summary>
    /// <see cref="FormatSegment(TcpSegmentView)"/>'s text from a segment's fields, for a segment no
    /// longer in a buffer or whose payload a capture cut short: <paramref name="payloadLength"/> is
    /// the length on the wire (as the IP header states it), not the bytes at hand.
    /// </summary>
    /// <param name="flags">The control bits.</param>
    /// <param name="sequenceNumber">SEG.SEQ.</param>
    /// <param name="acknowledgmentNumber">SEG.ACK, shown only with ACK.</param>
    /// <param name="window">SEG.WND as carried.</param>
    /// <param name="urgentPointer">SEG.UP, shown only with URG.</param>
    /// <param name="options">The options as <see cref="FormatOptions"/> writes them, brackets included; empty for none.</param>
    /// <param name="payloadLength">The payload length in bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payloadLength"/> is negative.</exception>
    public static string FormatSegment(
        TcpFlags flags,
        SequenceNumber sequenceNumber,
        SequenceNumber acknowledgmentNumber,
        ushort window,
        ushort urgentPointer,
        string options,
        int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("Flags [").Append(FormatFlags(flags)).Append(']');
        if (payloadLength > 0 || (flags & (TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst)) != 0)
        {
            text.Append(invariant, $", seq {sequenceNumber.Value}");
            if (payloadLength > 0)
            {
                text.Append(invariant, $":{(sequenceNumber + payloadLength).Value}");
            }
        }

        if ((flags & TcpFlags.Ack) != 0)
        {
            text.Append(invariant, $", ack {acknowledgmentNumber.Value}");
        }

        text.Append(invariant, $", win {window}");
        if ((flags & TcpFlags.Urg) != 0)
        {
            text.Append(invariant, $", urg {urgentPointer}");
        }

        if (options.Length > 0)
        {
            text.Append(", options ").Append(options);
        }

        return text.Append(invariant, $", length {payloadLength}").ToString();
    }

    private static StringBuilder AppendOption(StringBuilder text, TcpOption option)
    {
        var invariant = CultureInfo.InvariantCulture;
        var data = option.Data;
        switch (option.Kind)
        {
            case TcpOptionKind.EndOfOptionList:
                return text.Append("eol");
            case TcpOptionKind.NoOperation:
                return text.Append("nop");
            case TcpOptionKind.MaximumSegmentSize:
                return text.Append(invariant, $"mss {BinaryPrimitives.ReadUInt16BigEndian(data)}");
            case TcpOptionKind.WindowScale:
                return text.Append(invariant, $"wscale {data[0]}");
            case TcpOptionKind.SackPermitted:
                return text.Append("sackOK");
            case TcpOptionKind.Timestamps:
                return text.Append(invariant, $"TS val {BinaryPrimitives.ReadUInt32BigEndian(data)} ecr {BinaryPrimitives.ReadUInt32BigEndian(data[4..])}");
            case TcpOptionKind.Sack:
                text.Append(invariant, $"sack {data.Length / 8} ");
                for (var i = 0; i + 8 <= data.Length; i += 8)
                {
                    text.Append(invariant, $"{{{BinaryPrimitives.ReadUInt32BigEndian(data[i..])}:{BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..])}}}");
                }

                return text;
            default:
                text.Append(NameOf(option.Kind));
                if (!data.IsEmpty)
                {
                    text.Append(" 0x").Append(Convert.ToHexStringLower(data));
                }

                return text;
        }
    }

    // The names tcpdump's tcp_option_values table gives to kinds SynAck does not read.
    private static string NameOf(TcpOptionKind kind) => kind switch
    {
        TcpOptionKind.Md5Signature => "md5",
        TcpOptionKind.UserTimeout => "uto",
        TcpOptionKind.TcpAuthentication => "tcp-ao",
        TcpOptionKind.Multipath => "mptcp",
        TcpOptionKind.FastOpen => "tfo",
        TcpOptionKind.Experimental2 => "exp",
        _ => string.Create(CultureInfo.InvariantCulture, $"unknown-{(byte)kind}"),
    };
}
