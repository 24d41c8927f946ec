namespace SynAck.Wire.Ip;

/// <summary>Why bytes are not an IP packet of either version (see <see cref="IpPacketView"/>).</summary>
public enum IpPacketParseError
{
    /// <summary>No error: the packet parsed.</summary>
    None = 0,

    /// <summary>There are no bytes at all.</summary>
    Empty,

    /// <summary>The version nibble is neither 4 nor 6.</summary>
    UnknownVersion,

    /// <summary>Fewer bytes than the fixed header (20 for IPv4, 40 for IPv6).</summary>
    TooShort,

    /// <summary>IPv4: the IHL field is below 5.</summary>
    HeaderLengthTooSmall,

    /// <summary>IPv4: the IHL field claims more header bytes than the buffer holds.</summary>
    HeaderTruncated,

    /// <summary>IPv4: the total length is smaller than the header length.</summary>
    TotalLengthTooSmall,

    /// <summary>The total length (IPv4) or payload length (IPv6) claims more bytes than the buffer holds.</summary>
    PacketTruncated,

    /// <summary>IPv6: a jumbogram (RFC 2675), not supported.</summary>
    Jumbogram,

    /// <summary>IPv6: an extension header runs past the end of the payload.</summary>
    ExtensionHeaderTruncated,

    /// <summary>IPv6: a Hop-by-Hop Options header that does not directly follow the fixed header.</summary>
    HopByHopNotFirst,

    /// <summary>IPv6: more extension headers than <see cref="Ipv6PacketView.MaxExtensionHeaders"/>.</summary>
    TooManyExtensionHeaders,
}
