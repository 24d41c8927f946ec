namespace SynAck.Wire.Tcp;

/// <summary>
/// TCP option kinds (the IANA "TCP Option Kind Numbers" registry). SynAck interprets EOL, NOP, MSS,
/// window scale, SACK-permitted, SACK and timestamps; the others are named for display and skipped
/// when parsing (RFC 9293 MUST-6). Any byte value is a valid kind, named or not.
/// </summary>
public enum TcpOptionKind : byte
{
    /// <summary>End of option list (RFC 9293 §3.1): one byte, the rest of the options area is padding.</summary>
    EndOfOptionList = 0,

    /// <summary>No-operation (RFC 9293 §3.1): one byte, used to align the next option.</summary>
    NoOperation = 1,

    /// <summary>Maximum segment size (RFC 9293 §3.7.1): length 4.</summary>
    MaximumSegmentSize = 2,

    /// <summary>Window scale (RFC 7323 §2.2): length 3.</summary>
    WindowScale = 3,

    /// <summary>SACK permitted (RFC 2018 §2): length 2.</summary>
    SackPermitted = 4,

    /// <summary>SACK blocks (RFC 2018 §3): length 2 + 8n.</summary>
    Sack = 5,

    /// <summary>Timestamps (RFC 7323 §3.2): length 10.</summary>
    Timestamps = 8,

    /// <summary>TCP MD5 signature (RFC 2385, obsoleted by TCP-AO): length 18.</summary>
    Md5Signature = 19,

    /// <summary>User timeout (RFC 5482): length 4.</summary>
    UserTimeout = 28,

    /// <summary>TCP Authentication Option (RFC 5925).</summary>
    TcpAuthentication = 29,

    /// <summary>Multipath TCP (RFC 8684).</summary>
    Multipath = 30,

    /// <summary>TCP Fast Open cookie (RFC 7413).</summary>
    FastOpen = 34,

    /// <summary>Experimental option (RFC 4727, shared use described by RFC 6994).</summary>
    Experimental1 = 253,

    /// <summary>Experimental option (RFC 4727, shared use described by RFC 6994).</summary>
    Experimental2 = 254,
}
