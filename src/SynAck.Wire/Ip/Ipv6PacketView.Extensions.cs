using System.Buffers.Binary;

namespace SynAck.Wire.Ip;

/// <summary>The extension-header walk of <see cref="Ipv6PacketView"/> (RFC 8200 §4).</summary>
public readonly ref partial struct Ipv6PacketView
{
    /// <summary>The most extension headers the walk passes before it gives up on a packet.</summary>
    public const int MaxExtensionHeaders = 16;

    /// <summary>
    /// Walks the extension headers from the fixed header to the upper-layer data: Hop-by-Hop
    /// Options (only directly after the fixed header), Routing, Destination Options, Fragment,
    /// Authentication Header (RFC 4302) and the other types in IANA's IPv6 Extension Header Types
    /// registry, which share the generic format (Mobility, HIP, Shim6, and the experimental 253
    /// and 254; RFC 7045). The walk stops at any other protocol number, at No Next Header, and at a
    /// Fragment header with a non-zero offset (what follows it is not a header). Every length is checked.
    /// </summary>
    /// <param name="chain">Where the upper-layer data starts and what it is; <c>default</c> on failure.</param>
    /// <param name="error">Why the chain is malformed; <see cref="Ipv6ParseError.None"/> on success.</param>
    /// <returns>Whether the walk reached upper-layer data; <c>Packet[chain.UpperLayerOffset..]</c> is that data.</returns>
    public bool TryWalkExtensionHeaders(out Ipv6ExtensionChain chain, out Ipv6ParseError error)
    {
        chain = default;
        var next = NextHeader;
        var offset = Ipv6Layout.HeaderLength;
        var count = 0;
        var hasFragmentHeader = false;
        IpFragmentInfo fragment = default;
        while (true)
        {
            int length;
            switch (next)
            {
                case IpProtocol.HopByHop when count != 0:
                    error = Ipv6ParseError.HopByHopNotFirst;
                    return false;
                case IpProtocol.HopByHop:
                case IpProtocol.Routing:
                case IpProtocol.DestinationOptions:
                case IpProtocol.Mobility:
                case IpProtocol.Hip:
                case IpProtocol.Shim6:
                case IpProtocol.Experimental253:
                case IpProtocol.Experimental254:
                    // RFC 8200 §4.3-4.6: Hdr Ext Len counts 8-octet units after the first 8 octets.
                    if (_packet.Length - offset < 2)
                    {
                        error = Ipv6ParseError.ExtensionHeaderTruncated;
                        return false;
                    }

                    length = (_packet[offset + Ipv6Layout.ExtensionLength] + 1) * 8;
                    break;
                case IpProtocol.AuthenticationHeader:
                    // RFC 4302 §2.2: Payload Len counts 4-octet units, minus 2.
                    if (_packet.Length - offset < 2)
                    {
                        error = Ipv6ParseError.ExtensionHeaderTruncated;
                        return false;
                    }

                    length = (_packet[offset + Ipv6Layout.ExtensionLength] + 2) * 4;
                    break;
                case IpProtocol.Fragment:
                    length = Ipv6Layout.FragmentHeaderLength;
                    break;
                default:
                    chain = new Ipv6ExtensionChain(next, offset, count, hasFragmentHeader, fragment);
                    error = Ipv6ParseError.None;
                    return true;
            }

            if (count == MaxExtensionHeaders)
            {
                error = Ipv6ParseError.TooManyExtensionHeaders;
                return false;
            }

            if (_packet.Length - offset < length)
            {
                error = Ipv6ParseError.ExtensionHeaderTruncated;
                return false;
            }

            var header = _packet.Slice(offset, length);
            var current = next;
            next = (IpProtocol)header[Ipv6Layout.ExtensionNextHeader];
            offset += length;
            count++;
            if (current == IpProtocol.Fragment)
            {
                hasFragmentHeader = true;
                fragment = ReadFragmentHeader(header);
                if (fragment.FragmentOffset != 0)
                {
                    chain = new Ipv6ExtensionChain(next, offset, count, hasFragmentHeader, fragment);
                    error = Ipv6ParseError.None;
                    return true;
                }
            }
        }
    }

    private static IpFragmentInfo ReadFragmentHeader(ReadOnlySpan<byte> header)
    {
        // RFC 8200 §4.5: a 13-bit offset in 8-octet units, two reserved bits, then the M flag.
        var offsetAndFlags = BinaryPrimitives.ReadUInt16BigEndian(header[Ipv6Layout.FragmentOffsetAndFlags..]);
        return new IpFragmentInfo(
            BinaryPrimitives.ReadUInt32BigEndian(header[Ipv6Layout.FragmentIdentification..]),
            (ushort)(offsetAndFlags >> 3),
            (offsetAndFlags & Ipv6Layout.FragmentMoreBit) != 0);
    }
}
