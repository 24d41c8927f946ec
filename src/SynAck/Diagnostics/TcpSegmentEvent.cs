using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Diagnostics;

/// <summary>One TCP segment sent or received by a stack.</summary>
/// <param name="Time">When, on the stack's clock (<see cref="TimeProvider.GetUtcNow"/>).</param>
/// <param name="Stack">The name of the stack that reports it.</param>
/// <param name="Direction">Whether the stack sent or received it.</param>
/// <param name="Source">The sender's address and port.</param>
/// <param name="Destination">The receiver's address and port.</param>
/// <param name="Header">The TCP header, options included (absolute sequence numbers).</param>
/// <param name="PayloadLength">The number of data bytes.</param>
public readonly record struct TcpSegmentEvent(
    DateTimeOffset Time,
    string Stack,
    TcpSegmentDirection Direction,
    IpEndpoint Source,
    IpEndpoint Destination,
    TcpHeader Header,
    int PayloadLength);
