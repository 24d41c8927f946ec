using System.Buffers.Binary;
using SynAck.Wire.Checksums;

namespace SynAck.Wire.Ip;

/// <summary>
/// A checked view of an IPv6 packet (RFC 8200 §3): the view of DESIGN.md rule 1. Once
/// <see cref="TryCreate"/> has accepted the bytes, no accessor can throw or read outside them.
/// </summary>
/// <remarks>
/// The view covers the 40-byte fixed header plus the payload length it states; bytes after that
/// are left out. <see cref="TryCreate"/> checks the fixed header only;
/// <see cref="TryWalkExtensionHeaders"/> finds the upper-layer data.
/// A <c>default</c> view, not made by <see cref="TryCreate"/>, has no bytes to read.
/// </remarks>
public readonly ref partial struct Ipv6PacketView
{
    private readonly ReadOnlySpan<byte> _packet;

    private Ipv6PacketView(ReadOnlySpan<byte> packet) => _packet = packet;

    /// <summary>Checks that <paramref name="buffer"/> starts with an IPv6 packet and views it.</summary>
    /// <param name="buffer">The bytes, starting at the fixed header; may run past the packet's end.</param>
    /// <param name="view">The view, cut to 40 bytes plus the payload length; <c>default</c> on failure.</param>
    /// <param name="error">Why the bytes are not a packet; <see cref="Ipv6ParseError.None"/> on success.</param>
    public static bool TryCreate(ReadOnlySpan<byte> buffer, out Ipv6PacketView view, out Ipv6ParseError error)
    {
        view = default;
        error = Validate(buffer, out var packetLength);
        if (error != Ipv6ParseError.None)
        {
            return false;
        }

        view = new Ipv6PacketView(buffer[..packetLength]);
        return true;
    }

    /// <summary>The whole packet: fixed header, extension headers and upper-layer data.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    /// <summary>The 40-byte fixed header.</summary>
    public ReadOnlySpan<byte> Header => _packet[..Ipv6Layout.HeaderLength];

    /// <summary>The Traffic Class byte: DSCP and ECN.</summary>
    public byte TrafficClass => (byte)(FirstWord >> 20);

    /// <summary>The Differentiated Services codepoint (RFC 2474), the upper six bits of <see cref="TrafficClass"/>.</summary>
    public byte Dscp => (byte)(TrafficClass >> 2);

    /// <summary>The ECN codepoint (RFC 3168), the lower two bits of <see cref="TrafficClass"/>.</summary>
    public EcnCodepoint Ecn => (EcnCodepoint)(TrafficClass & 0x03);

    /// <summary>The 20-bit flow label (RFC 6437).</summary>
    public uint FlowLabel => FirstWord & Ipv6Layout.FlowLabelMask;

    /// <summary>The payload length: the bytes after the fixed header, extension headers included.</summary>
    public ushort PayloadLength => BinaryPrimitives.ReadUInt16BigEndian(_packet[Ipv6Layout.PayloadLength..]);

    /// <summary>The type of the header after the fixed header: an extension header or an upper-layer protocol.</summary>
    public IpProtocol NextHeader => (IpProtocol)_packet[Ipv6Layout.NextHeader];

    /// <summary>The hop limit.</summary>
    public byte HopLimit => _packet[Ipv6Layout.HopLimit];

    /// <summary>The source address.</summary>
    public IpAddress Source => IpAddress.ReadIPv6(SourceBytes);

    /// <summary>The destination address.</summary>
    public IpAddress Destination => IpAddress.ReadIPv6(DestinationBytes);

    /// <summary>The 16 bytes of the source address.</summary>
    public ReadOnlySpan<byte> SourceBytes => _packet.Slice(Ipv6Layout.Source, IpAddress.IPv6Length);

    /// <summary>The 16 bytes of the destination address.</summary>
    public ReadOnlySpan<byte> DestinationBytes => _packet.Slice(Ipv6Layout.Destination, IpAddress.IPv6Length);

    /// <summary>The payload: everything after the fixed header, extension headers included.</summary>
    public ReadOnlySpan<byte> Payload => _packet[Ipv6Layout.HeaderLength..];

    /// <summary>
    /// The partial checksum of the pseudo-header (RFC 8200 §8.1) for upper-layer data of
    /// <paramref name="upperLayerLength"/> bytes. It uses the Destination field: with a Routing
    /// header whose segments are not yet all visited, the final destination would be another one.
    /// </summary>
    public uint PseudoHeaderSum(IpProtocol upperLayerProtocol, int upperLayerLength)
        => InternetChecksum.PseudoHeaderIPv6(SourceBytes, DestinationBytes, (byte)upperLayerProtocol, (uint)upperLayerLength);

    private uint FirstWord => BinaryPrimitives.ReadUInt32BigEndian(_packet);

    private static Ipv6ParseError Validate(ReadOnlySpan<byte> buffer, out int packetLength)
    {
        packetLength = 0;
        if (buffer.Length < Ipv6Layout.HeaderLength)
        {
            return Ipv6ParseError.TooShort;
        }

        if (buffer[Ipv6Layout.VersionClassAndFlowLabel] >> 4 != 6)
        {
            return Ipv6ParseError.WrongVersion;
        }

        var payloadLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[Ipv6Layout.PayloadLength..]);

        // RFC 2675 §3: a jumbogram sets the payload length to 0 and carries the real length in a
        // Hop-by-Hop option. A zero payload length with anything else next is an empty payload.
        if (payloadLength == 0 && (IpProtocol)buffer[Ipv6Layout.NextHeader] == IpProtocol.HopByHop)
        {
            return Ipv6ParseError.Jumbogram;
        }

        packetLength = Ipv6Layout.HeaderLength + payloadLength;
        return packetLength > buffer.Length ? Ipv6ParseError.PacketTruncated : Ipv6ParseError.None;
    }
}
