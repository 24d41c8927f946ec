using System.Buffers.Binary;
using L = SynAck.Wire.Tcp.TcpHeaderLayout;

namespace SynAck.Wire.Tcp;

public readonly partial record struct TcpHeader
{
    /// <summary>The length of a header without options (data offset 5).</summary>
    public const int MinimumLength = L.MinimumLength;

    /// <summary>The length of the longest header (data offset 15, 40 option bytes).</summary>
    public const int MaximumLength = L.MaximumLength;

    /// <summary>
    /// Reads the header at the start of <paramref name="segment"/>, with the same checks as
    /// <see cref="TcpSegmentView.TryCreate"/>. The payload is <c>segment[headerLength..]</c>.
    /// </summary>
    /// <param name="segment">The TCP header and payload.</param>
    /// <param name="header">The header read, or <c>default</c> on failure.</param>
    /// <param name="headerLength">The header length in bytes (the data offset times 4), or 0 on failure.</param>
    /// <param name="error">Why the bytes were rejected, or <see cref="TcpParseError.None"/>.</param>
    /// <returns>Whether the bytes held a well-formed header.</returns>
    public static bool TryParse(ReadOnlySpan<byte> segment, out TcpHeader header, out int headerLength, out TcpParseError error)
    {
        // One pass over the options: TcpOptions.TryParse checks them as it reads them.
        header = default;
        if (!TcpSegmentView.TryGetHeaderLength(segment, out headerLength, out error))
        {
            return false;
        }

        if (!TcpOptions.TryParse(segment[L.Options..headerLength], out var options, out error))
        {
            headerLength = 0;
            return false;
        }

        header = TcpSegmentView.ReadHeader(segment, options);
        return true;
    }

    /// <summary>The length <see cref="TryWriteBytes"/> writes: 20 plus the padded options (possibly over <see cref="MaximumLength"/>, see <see cref="TcpOptions.GetEncodedLength"/>).</summary>
    /// <param name="layout">The option order and alignment to use.</param>
    public int GetEncodedLength(TcpOptionLayout layout = default) => MinimumLength + Options.GetEncodedLength(layout);

    /// <summary>
    /// Writes the header, options included, with the checksum field set to zero and the three
    /// reserved bits clear (RFC 9293 §3.1). Fill the checksum afterwards with <see cref="TcpChecksum"/>,
    /// once the payload is in place behind the header. <see cref="Checksum"/> is not written.
    /// </summary>
    /// <param name="destination">Where to write; at least <see cref="GetEncodedLength"/> bytes.</param>
    /// <param name="written">The header length written, or 0 on failure.</param>
    /// <param name="layout">The option order and alignment to use.</param>
    /// <returns>False, writing nothing, when the options do not fit in 40 bytes or <paramref name="destination"/> is too small.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Flags"/> holds a bit other than the nine control bits.</exception>
    public bool TryWriteBytes(Span<byte> destination, out int written, TcpOptionLayout layout = default)
    {
        if (((ushort)Flags & ~L.FlagsMask) != 0)
        {
            throw new InvalidOperationException($"Flags 0x{(ushort)Flags:X3} hold a bit outside the nine TCP control bits.");
        }

        var optionsLength = Options.GetEncodedLength(layout);
        var length = MinimumLength + optionsLength;
        if (optionsLength > TcpOptions.MaxEncodedLength || destination.Length < length)
        {
            written = 0;
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[L.SourcePort..], SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[L.DestinationPort..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(destination[L.SequenceNumber..], SequenceNumber.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[L.AcknowledgmentNumber..], AcknowledgmentNumber.Value);
        BinaryPrimitives.WriteUInt16BigEndian(destination[L.DataOffsetAndFlags..], (ushort)(((length / 4) << 12) | (ushort)Flags));
        BinaryPrimitives.WriteUInt16BigEndian(destination[L.Window..], Window);
        BinaryPrimitives.WriteUInt16BigEndian(destination[L.Checksum..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[L.UrgentPointer..], UrgentPointer);
        Options.Write(destination[L.Options..length], layout);
        written = length;
        return true;
    }
}
