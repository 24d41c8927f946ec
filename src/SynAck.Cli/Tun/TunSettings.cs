using SynAck.Diagnostics;
using SynAck.Links;
using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Cli.Tun;

/// <summary>What <c>synack serve</c> and <c>synack connect</c> share: the device, SynAck's place on it, and the output.</summary>
/// <param name="Tun">The TUN interface name.</param>
/// <param name="Addresses">SynAck's addresses (with on-link prefixes) on the device.</param>
/// <param name="Netns">The named network namespace to open the device in, or null.</param>
/// <param name="Mtu">The MTU to set, or null to keep the device's.</param>
/// <param name="BufferSize">Each connection's send and receive buffer, or null for the stack's default.</param>
/// <param name="PcapPath">Where to write SynAck's view of the packets, or null.</param>
/// <param name="Faults">Faults to inject in both directions (none by default).</param>
/// <param name="Ecn">Whether connections use ECN, and whether SynAck's SYN asks for it.</param>
/// <param name="Seed">The seed of the stack's ISNs and ports and of the faults, or null for a random one.</param>
/// <param name="Format">What to print on standard output.</param>
/// <param name="Diagram">How to draw ladders.</param>
internal sealed record TunSettings(
    string Tun,
    IReadOnlyList<InterfaceAddress> Addresses,
    string? Netns,
    int? Mtu,
    int? BufferSize,
    string? PcapPath,
    FaultOptions Faults,
    TcpEcnMode Ecn,
    int? Seed,
    TraceFormat Format,
    DiagramOptions Diagram);
