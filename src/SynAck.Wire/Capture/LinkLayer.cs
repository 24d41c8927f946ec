using System.Buffers.Binary;

namespace SynAck.Wire.Capture;

/// <summary>Takes the link-layer header off a captured frame and says which network protocol is inside.</summary>
public static class LinkLayer
{
    /// <summary>The most VLAN tags accepted in front of the payload (QinQ uses two).</summary>
    public const int MaxVlanTags = 4;

    private const int EthernetHeaderLength = 14;
    private const int SllHeaderLength = 16;
    private const int Sll2HeaderLength = 20;
    private const int NullHeaderLength = 4;
    private const int VlanTagLength = 4;

    // Address family numbers BSD loopback headers carry: AF_INET is 2 everywhere, AF_INET6 differs
    // between Linux (10), NetBSD/OpenBSD (24), FreeBSD (28) and Darwin (30).
    private const uint AfInet = 2;

    /// <summary>Finds the network-layer packet in <paramref name="frame"/>.</summary>
    /// <param name="linkType">The frame's link type (from the capture).</param>
    /// <param name="frame">The captured bytes; may be cut short by the snapshot length.</param>
    /// <param name="payload">The packet and its protocol, when the result is <see langword="true"/>.</param>
    /// <param name="error">Why not, when the result is <see langword="false"/>.</param>
    /// <returns>Whether the link-layer header was whole and understood. Never throws.</returns>
    public static bool TryDecapsulate(LinkType linkType, ReadOnlySpan<byte> frame, out LinkPayload payload, out LinkLayerError error)
    {
        payload = default;
        switch (linkType)
        {
            case LinkType.Ethernet:
                if (frame.Length < EthernetHeaderLength)
                {
                    error = LinkLayerError.Truncated;
                    return false;
                }

                var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
                if (etherType < 0x0600)
                {
                    error = LinkLayerError.NotEthernetII;
                    return false;
                }

                return TryFinish(frame, EthernetHeaderLength, etherType, out payload, out error);

            case LinkType.LinuxSll:
                // Packet type, ARPHRD type, address length, 8 bytes of address, then the protocol.
                return frame.Length < SllHeaderLength
                    ? Fail(LinkLayerError.Truncated, out error)
                    : TryFinish(frame, SllHeaderLength, BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), out payload, out error);

            case LinkType.LinuxSll2:
                // The protocol first, then reserved, interface index, ARPHRD type, packet type, address.
                return frame.Length < Sll2HeaderLength
                    ? Fail(LinkLayerError.Truncated, out error)
                    : TryFinish(frame, Sll2HeaderLength, BinaryPrimitives.ReadUInt16BigEndian(frame), out payload, out error);

            case LinkType.Raw:
                if (frame.IsEmpty)
                {
                    return Fail(LinkLayerError.Truncated, out error);
                }

                var version = frame[0] >> 4;
                return version switch
                {
                    4 => Succeed(NetworkProtocol.Ipv4, EtherTypes.Ipv4, 0, frame, out payload, out error),
                    6 => Succeed(NetworkProtocol.Ipv6, EtherTypes.Ipv6, 0, frame, out payload, out error),
                    _ => Fail(LinkLayerError.UnknownIpVersion, out error),
                };

            case LinkType.Ipv4:
                return frame.IsEmpty
                    ? Fail(LinkLayerError.Truncated, out error)
                    : Succeed(NetworkProtocol.Ipv4, EtherTypes.Ipv4, 0, frame, out payload, out error);

            case LinkType.Ipv6:
                return frame.IsEmpty
                    ? Fail(LinkLayerError.Truncated, out error)
                    : Succeed(NetworkProtocol.Ipv6, EtherTypes.Ipv6, 0, frame, out payload, out error);

            case LinkType.Null:
            case LinkType.Loop:
                return TryDecapsulateLoopback(linkType, frame, out payload, out error);

            default:
                return Fail(LinkLayerError.UnsupportedLinkType, out error);
        }
    }

    private static bool TryDecapsulateLoopback(LinkType linkType, ReadOnlySpan<byte> frame, out LinkPayload payload, out LinkLayerError error)
    {
        payload = default;
        if (frame.Length < NullHeaderLength)
        {
            return Fail(LinkLayerError.Truncated, out error);
        }

        // LINKTYPE_NULL stores the family in the byte order of the machine that wrote the file;
        // a family is small, so a value with high bytes set was written the other way round.
        var family = BinaryPrimitives.ReadUInt32BigEndian(frame);
        if (linkType == LinkType.Null && family > 0xFFFF)
        {
            family = BinaryPrimitives.ReverseEndianness(family);
        }

        return family switch
        {
            AfInet => Succeed(NetworkProtocol.Ipv4, EtherTypes.Ipv4, NullHeaderLength, frame[NullHeaderLength..], out payload, out error),
            10 or 24 or 28 or 30 => Succeed(NetworkProtocol.Ipv6, EtherTypes.Ipv6, NullHeaderLength, frame[NullHeaderLength..], out payload, out error),
            _ => Fail(LinkLayerError.UnknownAddressFamily, out error),
        };
    }

    /// <summary>Steps over any VLAN tags that follow the EtherType at <c>headerLength - 2</c>, then classifies.</summary>
    private static bool TryFinish(ReadOnlySpan<byte> frame, int headerLength, ushort etherType, out LinkPayload payload, out LinkLayerError error)
    {
        payload = default;
        for (var tags = 0; etherType is EtherTypes.Vlan or EtherTypes.ServiceVlan or EtherTypes.LegacyQinQ; tags++)
        {
            if (tags == MaxVlanTags)
            {
                return Fail(LinkLayerError.TooManyVlanTags, out error);
            }

            // A tag is the 16-bit tag control information, then the next EtherType.
            if (frame.Length < headerLength + VlanTagLength)
            {
                return Fail(LinkLayerError.Truncated, out error);
            }

            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(headerLength + 2)..]);
            headerLength += VlanTagLength;
        }

        var protocol = etherType switch
        {
            EtherTypes.Ipv4 => NetworkProtocol.Ipv4,
            EtherTypes.Ipv6 => NetworkProtocol.Ipv6,
            _ => NetworkProtocol.Other,
        };
        return Succeed(protocol, etherType, headerLength, frame[headerLength..], out payload, out error);
    }

    private static bool Succeed(NetworkProtocol protocol, ushort etherType, int headerLength, ReadOnlySpan<byte> packet, out LinkPayload payload, out LinkLayerError error)
    {
        payload = new LinkPayload(protocol, etherType, headerLength, packet);
        error = LinkLayerError.None;
        return true;
    }

    private static bool Fail(LinkLayerError reason, out LinkLayerError error)
    {
        error = reason;
        return false;
    }
}
