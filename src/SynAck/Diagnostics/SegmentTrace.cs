using SynAck.Wire;
using SynAck.Wire.Ip;

namespace SynAck.Diagnostics;

/// <summary>
/// One TCP segment put on the wire, as a ladder diagram draws it: an arrow from one endpoint to
/// the other (DESIGN.md rule 8). A segment the network lost is still one event, with
/// <see cref="Lost"/> set.
/// </summary>
/// <param name="Time">When the segment was sent (or, in a capture, seen).</param>
/// <param name="From">The name of the sending endpoint: a ladder column (<c>client</c>, or <c>192.0.2.1:49152</c>).</param>
/// <param name="To">The name of the receiving endpoint.</param>
/// <param name="Source">The sender's address and port.</param>
/// <param name="Destination">The receiver's address and port.</param>
/// <param name="Flags">The control bits.</param>
/// <param name="SequenceNumber">SEG.SEQ, absolute.</param>
/// <param name="AcknowledgmentNumber">SEG.ACK, absolute (meaningful with ACK only).</param>
/// <param name="Length">The payload length in bytes.</param>
/// <param name="Window">SEG.WND as carried, before scaling.</param>
/// <param name="Options">The options as tcpdump prints them (<c>mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7</c>); empty for none.</param>
/// <param name="Lost">Whether the network lost the segment, so the receiver never saw it.</param>
/// <param name="Retransmission">Whether the segment repeats sequence space its sender had already sent.</param>
public readonly record struct SegmentTrace(
    DateTimeOffset Time,
    string From,
    string To,
    IpEndpoint Source,
    IpEndpoint Destination,
    TcpFlags Flags,
    SequenceNumber SequenceNumber,
    SequenceNumber AcknowledgmentNumber,
    int Length,
    ushort Window,
    string Options = "",
    bool Lost = false,
    bool Retransmission = false)
{
    /// <summary>Whether all of <paramref name="flags"/> are set.</summary>
    public bool Has(TcpFlags flags) => (Flags & flags) == flags;

    /// <summary>
    /// The sequence number just past this segment: SEG.SEQ + SEG.LEN, where SYN and FIN each count
    /// one (RFC 9293 §3.4).
    /// </summary>
    public SequenceNumber End => SequenceNumber + (Length + ((Flags & TcpFlags.Syn) != 0 ? 1 : 0) + ((Flags & TcpFlags.Fin) != 0 ? 1 : 0));
}
