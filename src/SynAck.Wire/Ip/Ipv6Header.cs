using System.Buffers.Binary;

namespace SynAck.Wire.Ip;

/// <summary>
/// The IPv6 fixed header as values (RFC 8200 §3): the record beside <see cref="Ipv6PacketView"/>
/// (DESIGN.md rule 1). Extension headers are not part of it.
/// </summary>
public readonly record struct Ipv6Header
{
    /// <summary>The length of the fixed header: 40 bytes.</summary>
    public const int Length = Ipv6Layout.HeaderLength;

    /// <summary>The Differentiated Services codepoint (RFC 2474), 0-63.</summary>
    public byte Dscp { get; init; }

    /// <summary>The ECN codepoint (RFC 3168).</summary>
    public EcnCodepoint Ecn { get; init; }

    /// <summary>The Traffic Class byte: <see cref="Dscp"/> and <see cref="Ecn"/> together.</summary>
    public byte TrafficClass => (byte)((Dscp << 2) | (byte)Ecn);

    /// <summary>The 20-bit flow label (RFC 6437), 0-0xFFFFF.</summary>
    public uint FlowLabel { get; init; }

    /// <summary>The payload length: the bytes after the fixed header, extension headers included.</summary>
    public ushort PayloadLength { get; init; }

    /// <summary>The type of the next header: an extension header or an upper-layer protocol.</summary>
    public IpProtocol NextHeader { get; init; }

    /// <summary>The hop limit.</summary>
    public byte HopLimit { get; init; }

    /// <summary>The source address (IPv6).</summary>
    public IpAddress Source { get; init; }

    /// <summary>The destination address (IPv6).</summary>
    public IpAddress Destination { get; init; }

    /// <summary>Parses the fixed header at the start of <paramref name="buffer"/>, with the checks of <see cref="Ipv6PacketView.TryCreate"/>.</summary>
    /// <param name="buffer">The bytes of the packet.</param>
    /// <param name="header">The header; <c>default</c> on failure.</param>
    /// <param name="headerLength">The header length in bytes: 40.</param>
    /// <param name="error">Why the bytes are not a packet; <see cref="Ipv6ParseError.None"/> on success.</param>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out Ipv6Header header, out int headerLength, out Ipv6ParseError error)
    {
        if (!Ipv6PacketView.TryCreate(buffer, out var view, out error))
        {
            header = default;
            headerLength = 0;
            return false;
        }

        headerLength = Length;
        header = new Ipv6Header
        {
            Dscp = view.Dscp,
            Ecn = view.Ecn,
            FlowLabel = view.FlowLabel,
            PayloadLength = view.PayloadLength,
            NextHeader = view.NextHeader,
            HopLimit = view.HopLimit,
            Source = view.Source,
            Destination = view.Destination,
        };
        return true;
    }

    /// <summary>The number of bytes <see cref="TryWriteBytes"/> writes: always 40.</summary>
    public int GetEncodedLength() => Length;

    /// <summary>Writes the 40-byte fixed header.</summary>
    /// <returns>False, with nothing written, if <paramref name="destination"/> is shorter than 40 bytes.</returns>
    /// <exception cref="InvalidOperationException">A field does not fit its bits, or an address is not IPv6.</exception>
    public bool TryWriteBytes(Span<byte> destination, out int bytesWritten)
    {
        if (Dscp > 63 || (byte)Ecn > 3 || FlowLabel > Ipv6Layout.FlowLabelMask)
        {
            throw new InvalidOperationException("Dscp (0-63), Ecn (0-3) or FlowLabel (0-0xFFFFF) is out of range.");
        }

        if (!Source.IsIPv6 || !Destination.IsIPv6)
        {
            throw new InvalidOperationException("An IPv6 header needs IPv6 source and destination addresses.");
        }

        if (destination.Length < Length)
        {
            bytesWritten = 0;
            return false;
        }

        var header = destination[..Length];
        BinaryPrimitives.WriteUInt32BigEndian(header, (6u << 28) | ((uint)TrafficClass << 20) | FlowLabel);
        BinaryPrimitives.WriteUInt16BigEndian(header[Ipv6Layout.PayloadLength..], PayloadLength);
        header[Ipv6Layout.NextHeader] = (byte)NextHeader;
        header[Ipv6Layout.HopLimit] = HopLimit;
        Source.WriteBytes(header[Ipv6Layout.Source..]);
        Destination.WriteBytes(header[Ipv6Layout.Destination..]);
        bytesWritten = Length;
        return true;
    }
}
