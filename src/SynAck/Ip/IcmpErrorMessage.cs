using SynAck.Wire;
using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>
/// An ICMP (RFC 792) or ICMPv6 (RFC 4443) error message, read down to what the network stack needs
/// to act on it: what went wrong, what TCP should do about it, a new path MTU, and the quoted
/// packet's addresses, ports and TCP sequence number, which name the connection it is about.
/// </summary>
/// <remarks>
/// The quoted packet is one the stack sent, so its source is the stack's end and its destination
/// the peer. Nothing in it can be trusted: before acting on an error, the stack checks that the
/// quoted endpoints name a connection and that <see cref="IsQuotedSequenceInFlight"/> holds
/// (RFC 5927 §4.1), and ignores a Packet Too Big that would raise the path MTU.
/// </remarks>
public readonly partial record struct IcmpErrorMessage
{
    /// <summary>Whether this is an ICMPv6 error (about an IPv6 packet).</summary>
    public bool IsIPv6 { get; init; }

    /// <summary>The message type, an <see cref="IcmpType"/> or <see cref="Icmpv6Type"/> error type.</summary>
    public byte Type { get; init; }

    /// <summary>The message code.</summary>
    public byte Code { get; init; }

    /// <summary>What went wrong.</summary>
    public IcmpErrorKind Kind { get; init; }

    /// <summary>What TCP does about it.</summary>
    public IcmpTcpReaction TcpReaction { get; init; }

    /// <summary>Who sent the error: the outer packet's source (a router, or the peer).</summary>
    public IpAddress Reporter { get; init; }

    /// <summary>
    /// For <see cref="IcmpErrorKind.PacketTooBig"/>, the MTU of the next hop; 0 otherwise. For
    /// IPv4 it is at least 68 (RFC 1191 §3), and when an old router left the field 0 it is the
    /// plateau of RFC 1191 §5 below the quoted packet's length.
    /// </summary>
    public int Mtu { get; init; }

    /// <summary>For <see cref="IcmpErrorKind.ParameterProblem"/>, the offset of the octet in the quoted packet where the problem is; 0 otherwise.</summary>
    public uint Pointer { get; init; }

    /// <summary>The quoted packet's source address and, if <see cref="HasQuotedPorts"/>, port.</summary>
    public IpEndpoint QuotedSource { get; init; }

    /// <summary>The quoted packet's destination address and, if <see cref="HasQuotedPorts"/>, port.</summary>
    public IpEndpoint QuotedDestination { get; init; }

    /// <summary>The quoted packet's upper-layer protocol (for IPv6, past the extension headers that were quoted).</summary>
    public IpProtocol QuotedProtocol { get; init; }

    /// <summary>Whether the quote reaches the ports of a TCP, UDP, UDP-Lite or SCTP header (not for a quoted fragment other than the first).</summary>
    public bool HasQuotedPorts { get; init; }

    /// <summary>The sequence number of the quoted TCP segment; meaningful when <see cref="HasQuotedSequenceNumber"/>.</summary>
    public SequenceNumber QuotedSequenceNumber { get; init; }

    /// <summary>Whether the quote is a TCP segment with its sequence number.</summary>
    public bool HasQuotedSequenceNumber => HasQuotedPorts && QuotedProtocol == IpProtocol.Tcp;

    /// <summary>
    /// The check of RFC 5927 §4.1 against blind ICMP attacks: the quoted TCP sequence number lies
    /// in <c>SND.UNA &lt;= SEG.SEQ &lt; SND.NXT</c>, data sent and not yet acknowledged. In
    /// SYN-SENT that is the ISS alone.
    /// </summary>
    /// <param name="sndUna">The connection's SND.UNA.</param>
    /// <param name="sndNxt">The connection's SND.NXT.</param>
    public bool IsQuotedSequenceInFlight(SequenceNumber sndUna, SequenceNumber sndNxt)
        => HasQuotedSequenceNumber && QuotedSequenceNumber.IsInWindow(sndUna, unchecked(sndNxt.Value - sndUna.Value));
}
