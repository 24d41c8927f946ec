namespace SynAck.Wire.Capture;

/// <summary>
/// The link-layer header type of the packets in a capture file: the LINKTYPE_ values of the
/// tcpdump.org registry, as written in a pcap file header or a pcapng Interface Description Block.
/// </summary>
/// <remarks>
/// Only the values SynAck decapsulates are named; a capture may carry any other value, which reads
/// as an unnamed <see cref="LinkType"/> and fails decapsulation with
/// <see cref="LinkLayerError.UnsupportedLinkType"/>.
/// </remarks>
public enum LinkType
{
    /// <summary>LINKTYPE_NULL (0): BSD loopback, a 4-byte address family in the writer's byte order.</summary>
    Null = 0,

    /// <summary>LINKTYPE_ETHERNET (1): an Ethernet II header, possibly with 802.1Q/802.1ad VLAN tags.</summary>
    Ethernet = 1,

    /// <summary>LINKTYPE_RAW (101): a bare IPv4 or IPv6 packet, told apart by its version field.</summary>
    Raw = 101,

    /// <summary>LINKTYPE_LOOP (108): OpenBSD loopback, a 4-byte address family in network byte order.</summary>
    Loop = 108,

    /// <summary>LINKTYPE_LINUX_SLL (113): the Linux "cooked" header v1 that <c>tcpdump -i any</c> writes.</summary>
    LinuxSll = 113,

    /// <summary>LINKTYPE_IPV4 (228): a bare IPv4 packet.</summary>
    Ipv4 = 228,

    /// <summary>LINKTYPE_IPV6 (229): a bare IPv6 packet.</summary>
    Ipv6 = 229,

    /// <summary>LINKTYPE_LINUX_SLL2 (276): the Linux "cooked" header v2 (<c>tcpdump -i any -y LINUX_SLL2</c>).</summary>
    LinuxSll2 = 276,
}
