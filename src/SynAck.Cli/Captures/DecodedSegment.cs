using SynAck.Wire;
using SynAck.Wire.Ip;

namespace SynAck.Cli.Captures;

/// <summary>One TCP segment read from a capture: the fields <c>decode</c> and <c>diagram</c> show, copied out of the capture's buffer.</summary>
/// <param name="Frame">The packet's number in the capture, counting every packet from 1 (Wireshark's frame number).</param>
/// <param name="UnixTimeNanoseconds">When it was captured, in nanoseconds since the Unix epoch.</param>
/// <param name="Source">The sender's address and port.</param>
/// <param name="Destination">The receiver's address and port.</param>
/// <param name="Flags">The control bits.</param>
/// <param name="SequenceNumber">SEG.SEQ as on the wire.</param>
/// <param name="AcknowledgmentNumber">SEG.ACK as on the wire (meaningful with ACK only).</param>
/// <param name="Window">SEG.WND as carried, before scaling.</param>
/// <param name="UrgentPointer">SEG.UP as carried (meaningful with URG only).</param>
/// <param name="PayloadLength">The payload length the IP header states, even when the capture kept fewer bytes.</param>
/// <param name="Options">Each option in wire order as tcpdump prints it (<c>mss 65495</c>, <c>nop</c>, <c>TS val 1 ecr 0</c>).</param>
/// <param name="ChecksumOk">Whether the TCP checksum verifies; null when the capture cut the segment short, so it cannot be checked.</param>
internal sealed record DecodedSegment(
    long Frame,
    long UnixTimeNanoseconds,
    IpEndpoint Source,
    IpEndpoint Destination,
    TcpFlags Flags,
    uint SequenceNumber,
    uint AcknowledgmentNumber,
    ushort Window,
    ushort UrgentPointer,
    int PayloadLength,
    IReadOnlyList<string> Options,
    bool? ChecksumOk)
{
    /// <summary>Whether the segment travelled over IPv6.</summary>
    public bool IsIPv6 => Source.Address.IsIPv6;
}
