namespace SynAck.Wire.Tcp;

/// <summary>The timestamps option (RFC 7323 §3): TSval and TSecr.</summary>
/// <param name="Value">TSval: the sender's timestamp clock when the segment was sent.</param>
/// <param name="EchoReply">TSecr: the most recent TSval received from the peer (0 on a SYN).</param>
public readonly record struct TcpTimestampOption(uint Value, uint EchoReply);
