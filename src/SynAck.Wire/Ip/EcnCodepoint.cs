namespace SynAck.Wire.Ip;

/// <summary>
/// The two ECN bits of the IPv4 TOS byte or the IPv6 Traffic Class (RFC 3168 §5).
/// </summary>
public enum EcnCodepoint : byte
{
    /// <summary>Not ECN-Capable Transport.</summary>
    NotEct = 0,

    /// <summary>ECN-Capable Transport, ECT(1).</summary>
    Ect1 = 1,

    /// <summary>ECN-Capable Transport, ECT(0).</summary>
    Ect0 = 2,

    /// <summary>Congestion Experienced.</summary>
    Ce = 3,
}
