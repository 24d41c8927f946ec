namespace SynAck.Wire.Ip;

/// <summary>
/// An IP protocol number: the IPv4 Protocol field or an IPv6 Next Header value (IANA "Assigned
/// Internet Protocol Numbers"). The IPv6 extension headers share the same number space.
/// </summary>
public enum IpProtocol : byte
{
    /// <summary>IPv6 Hop-by-Hop Options header (RFC 8200 §4.3).</summary>
    HopByHop = 0,

    /// <summary>Internet Control Message Protocol (RFC 792).</summary>
    Icmp = 1,

    /// <summary>Internet Group Management Protocol (RFC 3376).</summary>
    Igmp = 2,

    /// <summary>IPv4 encapsulated in IP (RFC 2003).</summary>
    IPv4 = 4,

    /// <summary>Transmission Control Protocol (RFC 9293).</summary>
    Tcp = 6,

    /// <summary>User Datagram Protocol (RFC 768).</summary>
    Udp = 17,

    /// <summary>IPv6 encapsulated in IP (RFC 2473).</summary>
    IPv6 = 41,

    /// <summary>IPv6 Routing header (RFC 8200 §4.4).</summary>
    Routing = 43,

    /// <summary>IPv6 Fragment header (RFC 8200 §4.5).</summary>
    Fragment = 44,

    /// <summary>Generic Routing Encapsulation (RFC 2784).</summary>
    Gre = 47,

    /// <summary>Encapsulating Security Payload (RFC 4303); what follows is encrypted.</summary>
    Esp = 50,

    /// <summary>Authentication Header (RFC 4302).</summary>
    AuthenticationHeader = 51,

    /// <summary>Internet Control Message Protocol for IPv6 (RFC 4443).</summary>
    IcmpV6 = 58,

    /// <summary>No Next Header for IPv6 (RFC 8200 §4.7): nothing follows.</summary>
    NoNextHeader = 59,

    /// <summary>IPv6 Destination Options header (RFC 8200 §4.6).</summary>
    DestinationOptions = 60,

    /// <summary>Stream Control Transmission Protocol (RFC 9260).</summary>
    Sctp = 132,

    /// <summary>Mobility header (RFC 6275), an IPv6 extension header.</summary>
    Mobility = 135,

    /// <summary>UDP-Lite (RFC 3828).</summary>
    UdpLite = 136,

    /// <summary>Host Identity Protocol (RFC 7401), an IPv6 extension header.</summary>
    Hip = 139,

    /// <summary>Shim6 protocol (RFC 5533), an IPv6 extension header.</summary>
    Shim6 = 140,

    /// <summary>Reserved for experimentation and testing (RFC 3692); also usable as an IPv6 extension header.</summary>
    Experimental253 = 253,

    /// <summary>Reserved for experimentation and testing (RFC 3692); also usable as an IPv6 extension header.</summary>
    Experimental254 = 254,
}
