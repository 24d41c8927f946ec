using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>
/// Where a walk over an IPv6 header chain stopped (see <see cref="Ipv6HeaderWalk"/>).
/// </summary>
/// <param name="Next">The type of the header at <paramref name="Offset"/>.</param>
/// <param name="Offset">Where that header starts, counted from the start of the packet.</param>
/// <param name="NextHeaderField">The offset of the byte that holds <paramref name="Next"/>: 6 in the fixed header, or the first byte of the extension header before.</param>
internal readonly record struct Ipv6WalkStop(IpProtocol Next, int Offset, int NextHeaderField);

/// <summary>
/// A bounds-checked walk over IPv6 extension headers (RFC 8200 §4) that tolerates a packet cut
/// short, as the copy of a packet quoted in an ICMPv6 error is. <see cref="Ipv6PacketView"/> walks
/// whole packets; this walk also says where the Fragment header is and which byte names it.
/// </summary>
internal static class Ipv6HeaderWalk
{
    private const int FixedHeaderLength = 40;
    private const int NextHeaderOffset = 6;

    /// <summary>
    /// Walks from the fixed header to the first header that is not an extension header, or to the
    /// first Fragment header when <paramref name="stopAtFragment"/> is set. With it clear, a
    /// Fragment header with offset 0 is passed (the headers after it are whole in a first
    /// fragment) and one with another offset ends the walk with <see cref="IpProtocol.Fragment"/>.
    /// </summary>
    /// <returns>
    /// False when the packet is shorter than the fixed header, a header runs past the bytes (then
    /// <paramref name="stop"/> names that header), or there are more than 16 of them.
    /// </returns>
    public static bool TryWalk(ReadOnlySpan<byte> packet, bool stopAtFragment, out Ipv6WalkStop stop)
    {
        stop = default;
        if (packet.Length < FixedHeaderLength)
        {
            return false;
        }

        var next = (IpProtocol)packet[NextHeaderOffset];
        var field = NextHeaderOffset;
        var offset = FixedHeaderLength;
        for (var count = 0; count <= Ipv6PacketView.MaxExtensionHeaders; count++)
        {
            stop = new Ipv6WalkStop(next, offset, field);
            if (!IsExtensionHeader(next) || (next == IpProtocol.Fragment && stopAtFragment))
            {
                return true;
            }

            if (count == Ipv6PacketView.MaxExtensionHeaders || packet.Length - offset < 8)
            {
                return false;
            }

            if (next == IpProtocol.Fragment && FragmentOffsetOf(packet[offset..]) != 0)
            {
                return true;
            }

            var length = LengthOf(next, packet[offset + 1]);
            if (packet.Length - offset < length)
            {
                return false;
            }

            field = offset;
            next = (IpProtocol)packet[offset];
            offset += length;
        }

        return false;
    }

    /// <summary>The fragment offset field (in 8-octet units) of the Fragment header at the start of <paramref name="header"/>, which holds at least 4 bytes.</summary>
    public static int FragmentOffsetOf(ReadOnlySpan<byte> header) => ((header[2] << 8) | header[3]) >> 3;

    private static bool IsExtensionHeader(IpProtocol protocol) => protocol is IpProtocol.HopByHop or IpProtocol.Routing
        or IpProtocol.DestinationOptions or IpProtocol.Fragment or IpProtocol.AuthenticationHeader or IpProtocol.Mobility
        or IpProtocol.Hip or IpProtocol.Shim6 or IpProtocol.Experimental253 or IpProtocol.Experimental254;

    private static int LengthOf(IpProtocol protocol, byte lengthField) => protocol switch
    {
        // RFC 8200 §4.5: the Fragment header is always 8 bytes (its second byte is reserved).
        IpProtocol.Fragment => 8,

        // RFC 4302 §2.2: Payload Len counts 4-octet units, minus 2.
        IpProtocol.AuthenticationHeader => (lengthField + 2) * 4,

        // RFC 8200 §4.3-4.6: Hdr Ext Len counts 8-octet units after the first 8 octets.
        _ => (lengthField + 1) * 8,
    };
}
