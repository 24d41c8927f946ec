namespace SynAck.Ip;

/// <summary>ICMP (IPv4) message types this stack knows (RFC 792, RFC 1122 §3.2.2; IANA "ICMP Type Numbers").</summary>
public enum IcmpType : byte
{
    /// <summary>Echo Reply (RFC 792).</summary>
    EchoReply = 0,

    /// <summary>Destination Unreachable (RFC 792, RFC 1122 §3.2.2.1, RFC 1812 §5.2.7.1); an error.</summary>
    DestinationUnreachable = 3,

    /// <summary>Source Quench (RFC 792), deprecated by RFC 6633; an error that TCP ignores.</summary>
    SourceQuench = 4,

    /// <summary>Redirect (RFC 792, RFC 1122 §3.2.2.2).</summary>
    Redirect = 5,

    /// <summary>Echo Request (RFC 792).</summary>
    EchoRequest = 8,

    /// <summary>Time Exceeded (RFC 792): TTL exceeded in transit (code 0) or fragment reassembly time exceeded (code 1); an error.</summary>
    TimeExceeded = 11,

    /// <summary>Parameter Problem (RFC 792, RFC 1122 §3.2.2.5); an error.</summary>
    ParameterProblem = 12,
}
