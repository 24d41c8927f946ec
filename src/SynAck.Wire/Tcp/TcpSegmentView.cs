using System.Buffers.Binary;
using L = SynAck.Wire.Tcp.TcpHeaderLayout;

namespace SynAck.Wire.Tcp;

/// <summary>
/// A checked view over the bytes of one TCP segment, header and payload (RFC 9293 §3.1; DESIGN.md
/// rule 1). <see cref="TryCreate"/> checks the data offset and every option, after which no member
/// throws or reads outside the bytes. The view copies nothing: it reads the span it was made from.
/// </summary>
public readonly ref struct TcpSegmentView
{
    private readonly ReadOnlySpan<byte> _bytes;

    private TcpSegmentView(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>
    /// Checks that <paramref name="segment"/> holds a well-formed TCP header: at least 20 bytes, a
    /// data offset from 5 up to the segment length, and an options area in which every option has a
    /// legal length (RFC 9293 MUST-7). Unknown option kinds are accepted (MUST-6). The checksum is
    /// not checked here: it needs the IP addresses, see <see cref="TcpChecksum"/>.
    /// </summary>
    /// <param name="segment">The TCP header and payload, as carried in the IP payload.</param>
    /// <param name="view">The view, or <c>default</c> when the bytes were rejected.</param>
    /// <param name="error">Why the bytes were rejected, or <see cref="TcpParseError.None"/>.</param>
    /// <returns>Whether the bytes were accepted.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> segment, out TcpSegmentView view, out TcpParseError error)
    {
        view = default;
        if (!TryGetHeaderLength(segment, out var headerLength, out error))
        {
            return false;
        }

        error = TcpOptionReader.Validate(segment[L.Options..headerLength]);
        if (error != TcpParseError.None)
        {
            return false;
        }

        view = new TcpSegmentView(segment);
        return true;
    }

    /// <summary>Checks the length and data offset of a segment, leaving the options unchecked.</summary>
    internal static bool TryGetHeaderLength(ReadOnlySpan<byte> segment, out int headerLength, out TcpParseError error)
    {
        headerLength = 0;
        if (segment.Length < L.MinimumLength)
        {
            error = TcpParseError.TooShort;
            return false;
        }

        var length = (segment[L.DataOffsetAndFlags] >> 4) * 4;
        if (length < L.MinimumLength)
        {
            error = TcpParseError.DataOffsetTooSmall;
            return false;
        }

        if (length > segment.Length)
        {
            error = TcpParseError.DataOffsetBeyondSegment;
            return false;
        }

        headerLength = length;
        error = TcpParseError.None;
        return true;
    }

    /// <summary>The whole segment: header and payload.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The source port.</summary>
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_bytes[L.SourcePort..]);

    /// <summary>The destination port.</summary>
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_bytes[L.DestinationPort..]);

    /// <summary>SEG.SEQ: the sequence number of the first octet (or of the SYN).</summary>
    public SequenceNumber SequenceNumber => BinaryPrimitives.ReadUInt32BigEndian(_bytes[L.SequenceNumber..]);

    /// <summary>SEG.ACK: significant only when <see cref="TcpFlags.Ack"/> is set.</summary>
    public SequenceNumber AcknowledgmentNumber => BinaryPrimitives.ReadUInt32BigEndian(_bytes[L.AcknowledgmentNumber..]);

    /// <summary>The data offset: the header length in 32-bit words (5 to 15).</summary>
    public int DataOffset => _bytes[L.DataOffsetAndFlags] >> 4;

    /// <summary>The header length in bytes (20 to 60): where the payload starts.</summary>
    public int HeaderLength => DataOffset * 4;

    /// <summary>
    /// The nine control bits, FIN to CWR plus AE (the bit next to CWR, RFC 9768). The three bits
    /// reserved by RFC 9293 §3.1 are left out: a receiver ignores them (see <see cref="ReservedBits"/>).
    /// </summary>
    public TcpFlags Flags => (TcpFlags)(BinaryPrimitives.ReadUInt16BigEndian(_bytes[L.DataOffsetAndFlags..]) & L.FlagsMask);

    /// <summary>The three reserved bits between the data offset and AE, as a number from 0 to 7.</summary>
    public int ReservedBits => (BinaryPrimitives.ReadUInt16BigEndian(_bytes[L.DataOffsetAndFlags..]) & L.ReservedMask) >> 9;

    /// <summary>SEG.WND as carried, before window scaling.</summary>
    public ushort Window => BinaryPrimitives.ReadUInt16BigEndian(_bytes[L.Window..]);

    /// <summary>The checksum field as carried.</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_bytes[L.Checksum..]);

    /// <summary>SEG.UP: significant only when <see cref="TcpFlags.Urg"/> is set.</summary>
    public ushort UrgentPointer => BinaryPrimitives.ReadUInt16BigEndian(_bytes[L.UrgentPointer..]);

    /// <summary>The options area: the header bytes after the fixed 20, padding included.</summary>
    public ReadOnlySpan<byte> OptionsSpan => _bytes[L.Options..HeaderLength];

    /// <summary>The payload: the bytes after the header.</summary>
    public ReadOnlySpan<byte> Payload => _bytes[HeaderLength..];

    /// <summary>
    /// The options in wire order, NOPs, EOL and unknown kinds included, without allocating:
    /// <c>foreach (TcpOption option in view.Options)</c>. Enumeration stops after an EOL.
    /// </summary>
    public TcpOptionEnumerator Options => new(OptionsSpan);

    /// <summary>Whether all of <paramref name="flags"/> are set.</summary>
    public bool Has(TcpFlags flags) => (Flags & flags) == flags;

    /// <summary>The header as a record; the payload stays in <see cref="Payload"/>.</summary>
    public TcpHeader ToHeader() => ReadHeader(_bytes, TcpOptions.FromValidated(OptionsSpan));

    /// <summary>Reads the fixed fields of a segment whose length has been checked.</summary>
    internal static TcpHeader ReadHeader(ReadOnlySpan<byte> segment, TcpOptions options) => new()
    {
        SourcePort = BinaryPrimitives.ReadUInt16BigEndian(segment[L.SourcePort..]),
        DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(segment[L.DestinationPort..]),
        SequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(segment[L.SequenceNumber..]),
        AcknowledgmentNumber = BinaryPrimitives.ReadUInt32BigEndian(segment[L.AcknowledgmentNumber..]),
        Flags = (TcpFlags)(BinaryPrimitives.ReadUInt16BigEndian(segment[L.DataOffsetAndFlags..]) & L.FlagsMask),
        Window = BinaryPrimitives.ReadUInt16BigEndian(segment[L.Window..]),
        Checksum = BinaryPrimitives.ReadUInt16BigEndian(segment[L.Checksum..]),
        UrgentPointer = BinaryPrimitives.ReadUInt16BigEndian(segment[L.UrgentPointer..]),
        Options = options,
    };
}
