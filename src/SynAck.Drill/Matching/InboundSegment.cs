using System.Buffers.Binary;
using SynAck.Drill.Syntax;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Matching;

/// <summary>
/// A segment the script sends, in wire numbers (see <see cref="ScriptSpace.TryMapInbound"/>). The
/// options are written exactly in the line's order; the payload is zeros, as packetdrill sends.
/// </summary>
public sealed record InboundSegment
{
    private const int HeaderLength = 20;

    /// <summary>The flags.</summary>
    public required TcpFlags Flags { get; init; }

    /// <summary>The sequence number.</summary>
    public required uint SequenceNumber { get; init; }

    /// <summary>The acknowledgment number field.</summary>
    public required uint AcknowledgmentNumber { get; init; }

    /// <summary>The window field.</summary>
    public required ushort Window { get; init; }

    /// <summary>The urgent pointer field.</summary>
    public ushort UrgentPointer { get; init; }

    /// <summary>The payload length; the payload is that many zero bytes.</summary>
    public required int PayloadLength { get; init; }

    /// <summary>The ECN codepoint for the IP header.</summary>
    public EcnCodepoint Ecn { get; init; }

    /// <summary>An explicit source port from the line, or null for the connection's.</summary>
    public ushort? SourcePort { get; init; }

    /// <summary>An explicit destination port from the line, or null for the connection's.</summary>
    public ushort? DestinationPort { get; init; }

    /// <summary>The options, in wire numbers, in the line's order.</summary>
    public IReadOnlyList<TcpOptionSpec> Options { get; init; } = [];

    /// <summary>The options' length in bytes (a multiple of 4 for a parsed line).</summary>
    public int OptionsLength => Options.Sum(o => o.EncodedLength);

    /// <summary>The TCP segment's length: header, options and payload.</summary>
    public int Length => HeaderLength + OptionsLength + PayloadLength;

    /// <summary>
    /// Writes the TCP segment (header, options, zero payload) with a zero checksum: the caller, who
    /// knows the IP addresses, fills it in with <see cref="TcpChecksum"/>.
    /// </summary>
    /// <param name="destination">At least <see cref="Length"/> bytes.</param>
    /// <param name="sourcePort">The source port (used when the line gave none).</param>
    /// <param name="destinationPort">The destination port (used when the line gave none).</param>
    /// <returns>The bytes written, <see cref="Length"/>.</returns>
    public int WriteTo(Span<byte> destination, ushort sourcePort, ushort destinationPort)
    {
        var optionsLength = OptionsLength;
        if (optionsLength % 4 != 0 || optionsLength > TcpOptions.MaxEncodedLength)
        {
            throw new InvalidOperationException($"The options take {optionsLength} bytes; a header needs a multiple of 4, at most {TcpOptions.MaxEncodedLength}.");
        }

        var length = Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the segment needs {length}.", nameof(destination));
        }

        var segment = destination[..length];
        segment.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(segment, SourcePort ?? sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment[2..], DestinationPort ?? destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(segment[4..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(segment[8..], AcknowledgmentNumber);
        var dataOffset = (HeaderLength + optionsLength) / 4;
        BinaryPrimitives.WriteUInt16BigEndian(segment[12..], (ushort)((dataOffset << 12) | (ushort)Flags));
        BinaryPrimitives.WriteUInt16BigEndian(segment[14..], Window);
        BinaryPrimitives.WriteUInt16BigEndian(segment[18..], UrgentPointer);
        var offset = HeaderLength;
        foreach (var option in Options)
        {
            OptionBytes.Write(option, segment[offset..]);
            offset += option.EncodedLength;
        }

        return length;
    }
}
