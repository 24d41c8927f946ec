using SynAck.Tcp;
using SynAck.Wire.Ip;

namespace SynAck.Diagnostics;

/// <summary>One state change of a connection of a stack.</summary>
/// <param name="Time">When, on the stack's clock (<see cref="TimeProvider.GetUtcNow"/>).</param>
/// <param name="Stack">The name of the stack that owns the connection (the "endpoint" of a ladder diagram).</param>
/// <param name="Local">The connection's local address and port.</param>
/// <param name="Remote">The connection's remote address and port.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="Cause">Why, one of the <see cref="TcpCauses"/> constants.</param>
public readonly record struct TcpStateEvent(
    DateTimeOffset Time,
    string Stack,
    IpEndpoint Local,
    IpEndpoint Remote,
    TcpState From,
    TcpState To,
    string Cause);
