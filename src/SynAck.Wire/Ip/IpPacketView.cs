using System.Net.Sockets;
using SynAck.Wire.Checksums;

namespace SynAck.Wire.Ip;

/// <summary>
/// A checked view of an IP packet of either version, chosen by the version nibble: the one entry
/// point for code that takes packets off a link. It gives the addresses, the upper-layer protocol
/// and its data (past any IPv6 extension headers), and the fragment fields; once
/// <see cref="TryCreate"/> has accepted the bytes, no accessor can throw or read outside them.
/// </summary>
/// <remarks>
/// The IPv4 header checksum is not checked by <see cref="TryCreate"/>; a receiver should drop a
/// packet whose <see cref="IsHeaderChecksumValid"/> is false. When <see cref="IsFragment"/> is
/// true, <see cref="UpperLayerData"/> is only a piece of the upper-layer message.
/// A <c>default</c> view, not made by <see cref="TryCreate"/>, has no bytes to read.
/// </remarks>
public readonly ref struct IpPacketView
{
    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _upperLayerOffset;
    private readonly IpFragmentInfo _fragment;
    private readonly IpProtocol _protocol;
    private readonly bool _isIPv6;

    private IpPacketView(ReadOnlySpan<byte> packet, int upperLayerOffset, IpProtocol protocol, IpFragmentInfo fragment, bool isIPv6)
    {
        _packet = packet;
        _upperLayerOffset = upperLayerOffset;
        _protocol = protocol;
        _fragment = fragment;
        _isIPv6 = isIPv6;
    }

    /// <summary>
    /// Checks that <paramref name="buffer"/> starts with an IPv4 or IPv6 packet, walks any IPv6
    /// extension headers, and views the packet.
    /// </summary>
    /// <param name="buffer">The bytes, starting at the IP header; may run past the packet's end.</param>
    /// <param name="view">The view, cut to the packet's stated length; <c>default</c> on failure.</param>
    /// <param name="error">Why the bytes are not a packet; <see cref="IpPacketParseError.None"/> on success.</param>
    public static bool TryCreate(ReadOnlySpan<byte> buffer, out IpPacketView view, out IpPacketParseError error)
    {
        view = default;
        if (buffer.IsEmpty)
        {
            error = IpPacketParseError.Empty;
            return false;
        }

        switch (buffer[0] >> 4)
        {
            case 4:
                if (!Ipv4PacketView.TryCreate(buffer, out var v4, out var v4Error))
                {
                    error = Map(v4Error);
                    return false;
                }

                view = new IpPacketView(v4.Packet, v4.HeaderLength, v4.Protocol, v4.Fragment, isIPv6: false);
                error = IpPacketParseError.None;
                return true;
            case 6:
                if (!Ipv6PacketView.TryCreate(buffer, out var v6, out var v6Error)
                    || !v6.TryWalkExtensionHeaders(out var chain, out v6Error))
                {
                    error = Map(v6Error);
                    return false;
                }

                view = new IpPacketView(v6.Packet, chain.UpperLayerOffset, chain.UpperLayerProtocol, chain.Fragment, isIPv6: true);
                error = IpPacketParseError.None;
                return true;
            default:
                error = IpPacketParseError.UnknownVersion;
                return false;
        }
    }

    /// <summary>Whether this is an IPv4 packet.</summary>
    public bool IsIPv4 => !_isIPv6;

    /// <summary>Whether this is an IPv6 packet.</summary>
    public bool IsIPv6 => _isIPv6;

    /// <summary>The IP version: 4 or 6.</summary>
    public int Version => _isIPv6 ? 6 : 4;

    /// <summary><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</summary>
    public AddressFamily AddressFamily => _isIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>The whole packet, cut to its stated length.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    /// <summary>The length of all IP headers: the IPv4 header with options, or the IPv6 fixed and extension headers.</summary>
    public int HeaderLength => _upperLayerOffset;

    /// <summary>The upper-layer protocol (for IPv6, the one after the extension headers).</summary>
    public IpProtocol Protocol => _protocol;

    /// <summary>The upper-layer data: a TCP segment, a UDP datagram... (or a piece of one, in a fragment).</summary>
    public ReadOnlySpan<byte> UpperLayerData => _packet[_upperLayerOffset..];

    /// <summary>The source address.</summary>
    public IpAddress Source => _isIPv6 ? IpAddress.ReadIPv6(SourceBytes) : IpAddress.ReadIPv4(SourceBytes);

    /// <summary>The destination address.</summary>
    public IpAddress Destination => _isIPv6 ? IpAddress.ReadIPv6(DestinationBytes) : IpAddress.ReadIPv4(DestinationBytes);

    /// <summary>The 4 or 16 bytes of the source address.</summary>
    public ReadOnlySpan<byte> SourceBytes => _isIPv6
        ? _packet.Slice(Ipv6Layout.Source, IpAddress.IPv6Length)
        : _packet.Slice(Ipv4Layout.Source, IpAddress.IPv4Length);

    /// <summary>The 4 or 16 bytes of the destination address.</summary>
    public ReadOnlySpan<byte> DestinationBytes => _isIPv6
        ? _packet.Slice(Ipv6Layout.Destination, IpAddress.IPv6Length)
        : _packet.Slice(Ipv4Layout.Destination, IpAddress.IPv4Length);

    /// <summary>The IPv4 time to live or the IPv6 hop limit.</summary>
    public byte HopLimit => _packet[_isIPv6 ? Ipv6Layout.HopLimit : Ipv4Layout.TimeToLive];

    /// <summary>The IPv4 TOS byte or the IPv6 Traffic Class: DSCP and ECN.</summary>
    public byte TrafficClass => _isIPv6
        ? (byte)(((_packet[0] & 0x0F) << 4) | (_packet[1] >> 4))
        : _packet[Ipv4Layout.TypeOfService];

    /// <summary>The Differentiated Services codepoint (RFC 2474).</summary>
    public byte Dscp => (byte)(TrafficClass >> 2);

    /// <summary>The ECN codepoint (RFC 3168).</summary>
    public EcnCodepoint Ecn => (EcnCodepoint)(TrafficClass & 0x03);

    /// <summary>
    /// Whether the upper-layer data is only a piece of a larger packet (IPv4 MF or offset; an IPv6
    /// Fragment header other than an atomic fragment).
    /// </summary>
    public bool IsFragment => _fragment.IsFragment;

    /// <summary>The fragment fields: from the IPv4 header, or from the IPv6 Fragment header (<c>default</c> without one).</summary>
    public IpFragmentInfo Fragment => _fragment;

    /// <summary>Whether the IPv4 header checksum verifies; always true for IPv6, which has none.</summary>
    public bool IsHeaderChecksumValid
        => _isIPv6 || InternetChecksum.IsValid(InternetChecksum.Accumulate(0, _packet[.._upperLayerOffset]));

    /// <summary>
    /// The partial checksum of the pseudo-header for <see cref="UpperLayerData"/> (RFC 9293 §3.1,
    /// RFC 8200 §8.1), to carry into <see cref="InternetChecksum.Accumulate"/> over a TCP or UDP
    /// segment. For IPv6 it uses the Destination field (see <see cref="Ipv6PacketView.PseudoHeaderSum"/>).
    /// </summary>
    public uint PseudoHeaderSum()
    {
        var length = _packet.Length - _upperLayerOffset;
        return _isIPv6
            ? InternetChecksum.PseudoHeaderIPv6(SourceBytes, DestinationBytes, (byte)_protocol, (uint)length)
            : InternetChecksum.PseudoHeaderIPv4(SourceBytes, DestinationBytes, (byte)_protocol, (ushort)length);
    }

    private static IpPacketParseError Map(Ipv4ParseError error) => error switch
    {
        Ipv4ParseError.TooShort => IpPacketParseError.TooShort,
        Ipv4ParseError.HeaderLengthTooSmall => IpPacketParseError.HeaderLengthTooSmall,
        Ipv4ParseError.HeaderTruncated => IpPacketParseError.HeaderTruncated,
        Ipv4ParseError.TotalLengthTooSmall => IpPacketParseError.TotalLengthTooSmall,
        Ipv4ParseError.PacketTruncated => IpPacketParseError.PacketTruncated,
        _ => IpPacketParseError.UnknownVersion,
    };

    private static IpPacketParseError Map(Ipv6ParseError error) => error switch
    {
        Ipv6ParseError.TooShort => IpPacketParseError.TooShort,
        Ipv6ParseError.Jumbogram => IpPacketParseError.Jumbogram,
        Ipv6ParseError.PacketTruncated => IpPacketParseError.PacketTruncated,
        Ipv6ParseError.ExtensionHeaderTruncated => IpPacketParseError.ExtensionHeaderTruncated,
        Ipv6ParseError.HopByHopNotFirst => IpPacketParseError.HopByHopNotFirst,
        Ipv6ParseError.TooManyExtensionHeaders => IpPacketParseError.TooManyExtensionHeaders,
        _ => IpPacketParseError.UnknownVersion,
    };
}
