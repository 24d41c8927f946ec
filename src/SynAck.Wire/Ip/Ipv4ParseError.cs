namespace SynAck.Wire.Ip;

/// <summary>Why bytes are not an IPv4 packet.</summary>
public enum Ipv4ParseError
{
    /// <summary>No error: the packet parsed.</summary>
    None = 0,

    /// <summary>Fewer than 20 bytes, the length of a header without options.</summary>
    TooShort,

    /// <summary>The version field is not 4.</summary>
    WrongVersion,

    /// <summary>The IHL field is below 5 (20 bytes).</summary>
    HeaderLengthTooSmall,

    /// <summary>The IHL field claims more header bytes than the buffer holds.</summary>
    HeaderTruncated,

    /// <summary>The total length is smaller than the header length.</summary>
    TotalLengthTooSmall,

    /// <summary>The total length claims more bytes than the buffer holds.</summary>
    PacketTruncated,
}
