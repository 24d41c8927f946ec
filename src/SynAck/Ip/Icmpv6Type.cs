namespace SynAck.Ip;

/// <summary>ICMPv6 message types this stack knows (RFC 4443 §2.1, RFC 4861 §4).</summary>
public enum Icmpv6Type : byte
{
    /// <summary>Destination Unreachable (RFC 4443 §3.1); an error.</summary>
    DestinationUnreachable = 1,

    /// <summary>Packet Too Big (RFC 4443 §3.2), with the MTU of the next hop; an error.</summary>
    PacketTooBig = 2,

    /// <summary>Time Exceeded (RFC 4443 §3.3): hop limit exceeded (code 0) or fragment reassembly time exceeded (code 1); an error.</summary>
    TimeExceeded = 3,

    /// <summary>Parameter Problem (RFC 4443 §3.4), with a pointer to the offending octet; an error.</summary>
    ParameterProblem = 4,

    /// <summary>Echo Request (RFC 4443 §4.1).</summary>
    EchoRequest = 128,

    /// <summary>Echo Reply (RFC 4443 §4.2).</summary>
    EchoReply = 129,

    /// <summary>Router Solicitation (RFC 4861 §4.1).</summary>
    RouterSolicitation = 133,

    /// <summary>Router Advertisement (RFC 4861 §4.2).</summary>
    RouterAdvertisement = 134,

    /// <summary>Neighbor Solicitation (RFC 4861 §4.3).</summary>
    NeighborSolicitation = 135,

    /// <summary>Neighbor Advertisement (RFC 4861 §4.4).</summary>
    NeighborAdvertisement = 136,

    /// <summary>Redirect (RFC 4861 §4.5).</summary>
    Redirect = 137,
}
