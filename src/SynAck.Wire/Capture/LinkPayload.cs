namespace SynAck.Wire.Capture;

/// <summary>The network-layer packet inside a link-layer frame, as a span over the frame's bytes.</summary>
public readonly ref struct LinkPayload
{
    /// <summary>Creates a payload description; <see cref="LinkLayer.TryDecapsulate"/> is the usual source of these.</summary>
    /// <param name="protocol">IPv4, IPv6 or other.</param>
    /// <param name="etherType">The EtherType that names the payload.</param>
    /// <param name="headerLength">How many bytes of link-layer header (VLAN tags included) precede the packet.</param>
    /// <param name="packet">The network-layer packet.</param>
    public LinkPayload(NetworkProtocol protocol, ushort etherType, int headerLength, ReadOnlySpan<byte> packet)
    {
        Protocol = protocol;
        EtherType = etherType;
        HeaderLength = headerLength;
        Packet = packet;
    }

    /// <summary>IPv4, IPv6 or other.</summary>
    public NetworkProtocol Protocol { get; }

    /// <summary>
    /// The EtherType that names the payload (0x0800 for IPv4, 0x86DD for IPv6). Link types without
    /// one (raw IP, BSD loopback) report the EtherType of the IP version found. For Linux cooked
    /// captures it is the header's protocol field, which for non-Ethernet devices (netlink, for
    /// one) is not an EtherType.
    /// </summary>
    public ushort EtherType { get; }

    /// <summary>How many bytes of link-layer header, VLAN tags included, precede <see cref="Packet"/>.</summary>
    public int HeaderLength { get; }

    /// <summary>The network-layer packet: everything after the link-layer header, as captured.</summary>
    public ReadOnlySpan<byte> Packet { get; }
}
