using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>
/// The IP header fields the stack chooses for an ICMP or ICMPv6 message it sends; the writers
/// fill in the rest (destination, protocol, lengths, checksums).
/// </summary>
/// <param name="Source">
/// One of the stack's own unicast addresses, of the message's family. For an echo reply, the
/// address the request was sent to (RFC 1122 §3.2.2.6, RFC 4443 §4.2), unless that was a
/// multicast or broadcast address.
/// </param>
/// <param name="HopLimit">The IPv4 time to live or the IPv6 hop limit.</param>
public readonly record struct IcmpSendParameters(IpAddress Source, byte HopLimit)
{
    /// <summary>The IPv4 identification; ignored for IPv6.</summary>
    public ushort Identification { get; init; }

    /// <summary>The IPv6 flow label (RFC 6437), 0 for none; ignored for IPv4.</summary>
    public uint FlowLabel { get; init; }
}
