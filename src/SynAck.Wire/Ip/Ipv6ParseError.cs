namespace SynAck.Wire.Ip;

/// <summary>Why bytes are not an IPv6 packet, or why its extension-header chain cannot be walked.</summary>
public enum Ipv6ParseError
{
    /// <summary>No error: the packet parsed.</summary>
    None = 0,

    /// <summary>Fewer than 40 bytes, the length of the fixed header.</summary>
    TooShort,

    /// <summary>The version field is not 6.</summary>
    WrongVersion,

    /// <summary>
    /// A jumbogram (RFC 2675): payload length 0 with a Hop-by-Hop Options header, the length being
    /// in a Jumbo Payload option. Not supported.
    /// </summary>
    Jumbogram,

    /// <summary>The payload length claims more bytes than the buffer holds.</summary>
    PacketTruncated,

    /// <summary>An extension header runs past the end of the payload.</summary>
    ExtensionHeaderTruncated,

    /// <summary>A Hop-by-Hop Options header that does not directly follow the fixed header (RFC 8200 §4.1).</summary>
    HopByHopNotFirst,

    /// <summary>More extension headers than <see cref="Ipv6PacketView.MaxExtensionHeaders"/>.</summary>
    TooManyExtensionHeaders,
}
