namespace SynAck.Ip;

/// <summary>Why a packet is not the ICMP or ICMPv6 message that was asked for.</summary>
public enum IcmpParseError
{
    /// <summary>No error: the message parsed.</summary>
    None = 0,

    /// <summary>The packet does not carry ICMP (IPv4) or ICMPv6 (IPv6).</summary>
    NotIcmp,

    /// <summary>The packet is a fragment: reassemble it first.</summary>
    Fragment,

    /// <summary>Fewer than the 8 bytes every ICMP and ICMPv6 message starts with.</summary>
    TooShort,

    /// <summary>The checksum does not verify (for ICMPv6, over the pseudo-header too).</summary>
    BadChecksum,

    /// <summary>A message of another type: not an echo request, or not an error message.</summary>
    WrongType,

    /// <summary>The quoted packet is shorter than its IP header.</summary>
    QuotedPacketTooShort,

    /// <summary>The quoted packet is not an IP packet of the same version as the error.</summary>
    QuotedPacketMalformed,
}
