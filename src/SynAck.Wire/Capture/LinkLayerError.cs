namespace SynAck.Wire.Capture;

/// <summary>Why a frame could not be decapsulated to its network-layer packet.</summary>
public enum LinkLayerError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>SynAck does not decapsulate this link type.</summary>
    UnsupportedLinkType,

    /// <summary>The frame ends inside its link-layer header (or, for a bare-IP link type, is empty).</summary>
    Truncated,

    /// <summary>An IEEE 802.3 frame (a length where Ethernet II has its EtherType): LLC, not IP.</summary>
    NotEthernetII,

    /// <summary>More VLAN tags than <see cref="LinkLayer.MaxVlanTags"/>.</summary>
    TooManyVlanTags,

    /// <summary>A BSD loopback address family that is neither IPv4 nor IPv6.</summary>
    UnknownAddressFamily,

    /// <summary>A raw-IP frame whose version field is neither 4 nor 6.</summary>
    UnknownIpVersion,
}
