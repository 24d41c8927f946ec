using System.Diagnostics.CodeAnalysis;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Matching;

/// <summary>One TCP option as a packet carried it: kind and the bytes after the length byte.</summary>
/// <param name="Kind">The option kind.</param>
/// <param name="Data">The option's data (empty for EOL, NOP and SACK-permitted).</param>
public readonly record struct ObservedOption(TcpOptionKind Kind, ReadOnlyMemory<byte> Data)
{
    /// <summary>How many bytes the option takes on the wire.</summary>
    public int EncodedLength => Kind is TcpOptionKind.EndOfOptionList or TcpOptionKind.NoOperation ? 1 : 2 + Data.Length;
}

/// <summary>
/// The fields of a TCP segment the stack sent, as values, in the space the matcher compares:
/// straight from the wire after <see cref="TryParse"/>, in script space after
/// <see cref="ScriptSpace.MapOutbound"/>. Options are listed as packetdrill walks them: every
/// byte of the options area, each EOL a one-byte option, padding included.
/// </summary>
public sealed record ObservedSegment
{
    /// <summary>The flags set.</summary>
    public required TcpFlags Flags { get; init; }

    /// <summary>The sequence number.</summary>
    public required uint SequenceNumber { get; init; }

    /// <summary>The acknowledgment number field (whatever it holds, even without ACK).</summary>
    public required uint AcknowledgmentNumber { get; init; }

    /// <summary>The window field, unscaled.</summary>
    public required ushort Window { get; init; }

    /// <summary>The urgent pointer field.</summary>
    public ushort UrgentPointer { get; init; }

    /// <summary>The payload length in bytes.</summary>
    public required int PayloadLength { get; init; }

    /// <summary>The IP header's ECN codepoint.</summary>
    public EcnCodepoint Ecn { get; init; }

    /// <summary>The options in wire order.</summary>
    public IReadOnlyList<ObservedOption> Options { get; init; } = [];

    /// <summary>The segment in script syntax (see <see cref="SegmentFormat.Segment"/>).</summary>
    public override string ToString() => SegmentFormat.Segment(this);

    /// <summary>Reads a segment from its bytes (TCP header and payload).</summary>
    /// <param name="segment">The TCP segment as carried in the IP payload.</param>
    /// <param name="ecn">The ECN codepoint of the IP header that carried it.</param>
    /// <param name="observed">The segment, when the bytes are a valid TCP segment.</param>
    /// <param name="error">Why they are not.</param>
    /// <returns>True when the bytes parsed.</returns>
    public static bool TryParse(
        ReadOnlySpan<byte> segment,
        EcnCodepoint ecn,
        [NotNullWhen(true)] out ObservedSegment? observed,
        out TcpParseError error)
    {
        observed = null;
        if (!TcpSegmentView.TryCreate(segment, out var view, out error))
        {
            return false;
        }

        var options = new List<ObservedOption>();
        var area = view.OptionsSpan;
        var offset = 0;
        while (offset < area.Length)
        {
            var kind = (TcpOptionKind)area[offset];
            if (kind is TcpOptionKind.EndOfOptionList or TcpOptionKind.NoOperation)
            {
                options.Add(new ObservedOption(kind, ReadOnlyMemory<byte>.Empty));
                offset++;
                continue;
            }

            // TryCreate validated the options up to the first EOL; bytes after it are walked here too.
            if (offset + 1 >= area.Length || area[offset + 1] < 2 || area[offset + 1] > area.Length - offset)
            {
                error = offset + 1 < area.Length && area[offset + 1] < 2 ? TcpParseError.OptionLengthIllegal : TcpParseError.OptionTruncated;
                return false;
            }

            int length = area[offset + 1];
            options.Add(new ObservedOption(kind, area.Slice(offset + 2, length - 2).ToArray()));
            offset += length;
        }

        observed = new ObservedSegment
        {
            Flags = view.Flags,
            SequenceNumber = view.SequenceNumber.Value,
            AcknowledgmentNumber = view.AcknowledgmentNumber.Value,
            Window = view.Window,
            UrgentPointer = view.UrgentPointer,
            PayloadLength = view.Payload.Length,
            Ecn = ecn,
            Options = options,
        };
        return true;
    }
}
