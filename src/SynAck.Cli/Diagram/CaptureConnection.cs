using SynAck.Diagnostics;
using SynAck.Wire.Ip;

namespace SynAck.Cli.Diagram;

/// <summary>One TCP connection found in a capture: its two endpoints and its segments as traces, in capture order.</summary>
/// <param name="Number">The connection's number, from 1, in the order of its first segment.</param>
/// <param name="Client">The endpoint that sent the first SYN (or, without one, the first segment).</param>
/// <param name="Server">The other endpoint.</param>
/// <param name="ClientName">The client's name in the diagram: its address and port, or <c>client</c>.</param>
/// <param name="ServerName">The server's name in the diagram: its address and port, or <c>server</c>.</param>
/// <param name="Segments">The segments, between those names, with retransmissions marked.</param>
internal sealed record CaptureConnection(
    int Number,
    IpEndpoint Client,
    IpEndpoint Server,
    string ClientName,
    string ServerName,
    IReadOnlyList<SegmentTrace> Segments);
