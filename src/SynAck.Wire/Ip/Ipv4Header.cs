using System.Buffers.Binary;
using SynAck.Wire.Checksums;

namespace SynAck.Wire.Ip;

/// <summary>
/// An IPv4 header as values (RFC 791 §3.1): the record beside <see cref="Ipv4PacketView"/>
/// (DESIGN.md rule 1). It writes a 20-byte header without options and computes its checksum.
/// </summary>
public readonly record struct Ipv4Header
{
    /// <summary>The length of a header without options, which is what <see cref="TryWriteBytes"/> writes.</summary>
    public const int Length = Ipv4Layout.MinHeaderLength;

    /// <summary>The Differentiated Services codepoint (RFC 2474), 0-63.</summary>
    public byte Dscp { get; init; }

    /// <summary>The ECN codepoint (RFC 3168).</summary>
    public EcnCodepoint Ecn { get; init; }

    /// <summary>The total length of the packet in bytes, header included, as carried.</summary>
    public ushort TotalLength { get; init; }

    /// <summary>The identification that ties fragments of one packet together.</summary>
    public ushort Identification { get; init; }

    /// <summary>The DF (don't fragment) flag.</summary>
    public bool DontFragment { get; init; }

    /// <summary>The MF (more fragments) flag.</summary>
    public bool MoreFragments { get; init; }

    /// <summary>The fragment offset in units of 8 octets, 0-8191.</summary>
    public ushort FragmentOffset { get; init; }

    /// <summary>The time to live.</summary>
    public byte TimeToLive { get; init; }

    /// <summary>The protocol of the payload.</summary>
    public IpProtocol Protocol { get; init; }

    /// <summary>The header checksum as read from the wire; ignored when writing (the writer computes it).</summary>
    public ushort HeaderChecksum { get; init; }

    /// <summary>The source address (IPv4).</summary>
    public IpAddress Source { get; init; }

    /// <summary>The destination address (IPv4).</summary>
    public IpAddress Destination { get; init; }

    /// <summary>
    /// The length in bytes of the options a parsed header had (not kept); must be 0 to write,
    /// since the writer emits no options.
    /// </summary>
    public int OptionsLength { get; init; }

    /// <summary>Whether the packet is a fragment (MF set or a non-zero offset).</summary>
    public bool IsFragment => MoreFragments || FragmentOffset != 0;

    /// <summary>Parses the header at the start of <paramref name="buffer"/>, with the checks of <see cref="Ipv4PacketView.TryCreate"/>.</summary>
    /// <param name="buffer">The bytes of the packet.</param>
    /// <param name="header">The header; <c>default</c> on failure.</param>
    /// <param name="headerLength">The header length in bytes, options included (where the payload starts).</param>
    /// <param name="error">Why the bytes are not a packet; <see cref="Ipv4ParseError.None"/> on success.</param>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out Ipv4Header header, out int headerLength, out Ipv4ParseError error)
    {
        if (!Ipv4PacketView.TryCreate(buffer, out var view, out error))
        {
            header = default;
            headerLength = 0;
            return false;
        }

        headerLength = view.HeaderLength;
        header = new Ipv4Header
        {
            Dscp = view.Dscp,
            Ecn = view.Ecn,
            TotalLength = view.TotalLength,
            Identification = view.Identification,
            DontFragment = view.DontFragment,
            MoreFragments = view.MoreFragments,
            FragmentOffset = view.FragmentOffset,
            TimeToLive = view.TimeToLive,
            Protocol = view.Protocol,
            HeaderChecksum = view.HeaderChecksum,
            Source = view.Source,
            Destination = view.Destination,
            OptionsLength = headerLength - Length,
        };
        return true;
    }

    /// <summary>The number of bytes <see cref="TryWriteBytes"/> writes: always 20.</summary>
    public int GetEncodedLength() => Length;

    /// <summary>Writes the 20-byte header, with IHL 5 and a computed header checksum.</summary>
    /// <returns>False, with nothing written, if <paramref name="destination"/> is shorter than 20 bytes.</returns>
    /// <exception cref="InvalidOperationException">
    /// A field does not fit its bits, an address is not IPv4, or <see cref="OptionsLength"/> is not 0.
    /// </exception>
    public bool TryWriteBytes(Span<byte> destination, out int bytesWritten)
    {
        ThrowIfNotWritable();
        if (destination.Length < Length)
        {
            bytesWritten = 0;
            return false;
        }

        var header = destination[..Length];
        header[Ipv4Layout.VersionAndHeaderLength] = 0x45;
        header[Ipv4Layout.TypeOfService] = (byte)((Dscp << 2) | (byte)Ecn);
        BinaryPrimitives.WriteUInt16BigEndian(header[Ipv4Layout.TotalLength..], TotalLength);
        BinaryPrimitives.WriteUInt16BigEndian(header[Ipv4Layout.Identification..], Identification);
        var flags = (DontFragment ? Ipv4Layout.DontFragmentBit : 0) | (MoreFragments ? Ipv4Layout.MoreFragmentsBit : 0);
        BinaryPrimitives.WriteUInt16BigEndian(header[Ipv4Layout.FlagsAndFragmentOffset..], (ushort)(flags | FragmentOffset));
        header[Ipv4Layout.TimeToLive] = TimeToLive;
        header[Ipv4Layout.Protocol] = (byte)Protocol;
        BinaryPrimitives.WriteUInt16BigEndian(header[Ipv4Layout.HeaderChecksum..], 0);
        Source.WriteBytes(header[Ipv4Layout.Source..]);
        Destination.WriteBytes(header[Ipv4Layout.Destination..]);
        BinaryPrimitives.WriteUInt16BigEndian(header[Ipv4Layout.HeaderChecksum..], InternetChecksum.Compute(header));
        bytesWritten = Length;
        return true;
    }

    private void ThrowIfNotWritable()
    {
        if (Dscp > 63 || (byte)Ecn > 3 || FragmentOffset > Ipv4Layout.FragmentOffsetMask)
        {
            throw new InvalidOperationException("Dscp (0-63), Ecn (0-3) or FragmentOffset (0-8191) is out of range.");
        }

        if (!Source.IsIPv4 || !Destination.IsIPv4)
        {
            throw new InvalidOperationException("An IPv4 header needs IPv4 source and destination addresses.");
        }

        if (OptionsLength != 0)
        {
            throw new InvalidOperationException("The writer emits no options; set OptionsLength to 0 (and TotalLength to match).");
        }
    }
}
