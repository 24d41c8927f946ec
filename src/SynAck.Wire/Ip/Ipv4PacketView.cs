using System.Buffers.Binary;
using SynAck.Wire.Checksums;

namespace SynAck.Wire.Ip;

/// <summary>
/// A checked view of an IPv4 packet (RFC 791 §3.1): the view of DESIGN.md rule 1. Once
/// <see cref="TryCreate"/> has accepted the bytes, no accessor can throw or read outside them.
/// </summary>
/// <remarks>
/// The view covers exactly the total length the header states; bytes after it (such as Ethernet
/// padding) are left out. The header checksum is not checked by <see cref="TryCreate"/>: ask
/// <see cref="IsHeaderChecksumValid"/>. Options are exposed as bytes, not interpreted.
/// A <c>default</c> view, not made by <see cref="TryCreate"/>, has no bytes to read.
/// </remarks>
public readonly ref struct Ipv4PacketView
{
    private readonly ReadOnlySpan<byte> _packet;

    private Ipv4PacketView(ReadOnlySpan<byte> packet) => _packet = packet;

    /// <summary>Checks that <paramref name="buffer"/> starts with an IPv4 packet and views it.</summary>
    /// <param name="buffer">The bytes, starting at the IPv4 header; may run past the packet's end.</param>
    /// <param name="view">The view, cut to the packet's total length; <c>default</c> on failure.</param>
    /// <param name="error">Why the bytes are not a packet; <see cref="Ipv4ParseError.None"/> on success.</param>
    public static bool TryCreate(ReadOnlySpan<byte> buffer, out Ipv4PacketView view, out Ipv4ParseError error)
    {
        view = default;
        error = Validate(buffer, out var totalLength);
        if (error != Ipv4ParseError.None)
        {
            return false;
        }

        view = new Ipv4PacketView(buffer[..totalLength]);
        return true;
    }

    /// <summary>The whole packet, header and payload, cut to <see cref="TotalLength"/>.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    /// <summary>The header length in bytes: IHL times 4, from 20 to 60.</summary>
    public int HeaderLength => (_packet[Ipv4Layout.VersionAndHeaderLength] & 0x0F) * 4;

    /// <summary>The header bytes, options included.</summary>
    public ReadOnlySpan<byte> Header => _packet[..HeaderLength];

    /// <summary>The option bytes (empty when the IHL is 5), uninterpreted.</summary>
    public ReadOnlySpan<byte> Options => _packet[Ipv4Layout.MinHeaderLength..HeaderLength];

    /// <summary>The whole second byte: DSCP and ECN (the former type of service).</summary>
    public byte TypeOfService => _packet[Ipv4Layout.TypeOfService];

    /// <summary>The Differentiated Services codepoint (RFC 2474), the upper six bits of <see cref="TypeOfService"/>.</summary>
    public byte Dscp => (byte)(TypeOfService >> 2);

    /// <summary>The ECN codepoint (RFC 3168), the lower two bits of <see cref="TypeOfService"/>.</summary>
    public EcnCodepoint Ecn => (EcnCodepoint)(TypeOfService & 0x03);

    /// <summary>The total length of the packet in bytes, as the header states it.</summary>
    public ushort TotalLength => BinaryPrimitives.ReadUInt16BigEndian(_packet[Ipv4Layout.TotalLength..]);

    /// <summary>The identification that ties fragments of one packet together.</summary>
    public ushort Identification => BinaryPrimitives.ReadUInt16BigEndian(_packet[Ipv4Layout.Identification..]);

    /// <summary>The DF (don't fragment) flag.</summary>
    public bool DontFragment => (FlagsAndFragmentOffset & Ipv4Layout.DontFragmentBit) != 0;

    /// <summary>The MF (more fragments) flag.</summary>
    public bool MoreFragments => (FlagsAndFragmentOffset & Ipv4Layout.MoreFragmentsBit) != 0;

    /// <summary>The fragment offset in units of 8 octets.</summary>
    public ushort FragmentOffset => (ushort)(FlagsAndFragmentOffset & Ipv4Layout.FragmentOffsetMask);

    /// <summary>Whether this packet is a fragment (MF set or a non-zero offset), whose payload is only a piece.</summary>
    public bool IsFragment => (FlagsAndFragmentOffset & (Ipv4Layout.MoreFragmentsBit | Ipv4Layout.FragmentOffsetMask)) != 0;

    /// <summary>Identification, offset and MF flag together.</summary>
    public IpFragmentInfo Fragment => new(Identification, FragmentOffset, MoreFragments);

    /// <summary>The time to live.</summary>
    public byte TimeToLive => _packet[Ipv4Layout.TimeToLive];

    /// <summary>The protocol of the payload.</summary>
    public IpProtocol Protocol => (IpProtocol)_packet[Ipv4Layout.Protocol];

    /// <summary>The header checksum as carried.</summary>
    public ushort HeaderChecksum => BinaryPrimitives.ReadUInt16BigEndian(_packet[Ipv4Layout.HeaderChecksum..]);

    /// <summary>Whether the header checksum verifies over the whole header, options included.</summary>
    public bool IsHeaderChecksumValid => InternetChecksum.IsValid(InternetChecksum.Accumulate(0, Header));

    /// <summary>The source address.</summary>
    public IpAddress Source => IpAddress.ReadIPv4(SourceBytes);

    /// <summary>The destination address.</summary>
    public IpAddress Destination => IpAddress.ReadIPv4(DestinationBytes);

    /// <summary>The 4 bytes of the source address.</summary>
    public ReadOnlySpan<byte> SourceBytes => _packet.Slice(Ipv4Layout.Source, IpAddress.IPv4Length);

    /// <summary>The 4 bytes of the destination address.</summary>
    public ReadOnlySpan<byte> DestinationBytes => _packet.Slice(Ipv4Layout.Destination, IpAddress.IPv4Length);

    /// <summary>The payload: the bytes after the header, up to the total length.</summary>
    public ReadOnlySpan<byte> Payload => _packet[HeaderLength..];

    /// <summary>
    /// The partial checksum of the pseudo-header for the payload (RFC 9293 §3.1): the sum to carry
    /// into <see cref="InternetChecksum.Accumulate"/> over a TCP or UDP segment.
    /// </summary>
    public uint PseudoHeaderSum()
        => InternetChecksum.PseudoHeaderIPv4(SourceBytes, DestinationBytes, (byte)Protocol, (ushort)Payload.Length);

    private ushort FlagsAndFragmentOffset => BinaryPrimitives.ReadUInt16BigEndian(_packet[Ipv4Layout.FlagsAndFragmentOffset..]);

    private static Ipv4ParseError Validate(ReadOnlySpan<byte> buffer, out int totalLength)
    {
        totalLength = 0;
        if (buffer.Length < Ipv4Layout.MinHeaderLength)
        {
            return Ipv4ParseError.TooShort;
        }

        if (buffer[Ipv4Layout.VersionAndHeaderLength] >> 4 != 4)
        {
            return Ipv4ParseError.WrongVersion;
        }

        var headerLength = (buffer[Ipv4Layout.VersionAndHeaderLength] & 0x0F) * 4;
        if (headerLength < Ipv4Layout.MinHeaderLength)
        {
            return Ipv4ParseError.HeaderLengthTooSmall;
        }

        if (headerLength > buffer.Length)
        {
            return Ipv4ParseError.HeaderTruncated;
        }

        totalLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[Ipv4Layout.TotalLength..]);
        if (totalLength < headerLength)
        {
            return Ipv4ParseError.TotalLengthTooSmall;
        }

        return totalLength > buffer.Length ? Ipv4ParseError.PacketTruncated : Ipv4ParseError.None;
    }
}
