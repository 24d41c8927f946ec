namespace SynAck.Drill.Syntax;

/// <summary>Which way a packet line goes, seen from the stack under test.</summary>
public enum PacketDirection
{
    /// <summary><c>&lt;</c>: the script sends the packet to the stack.</summary>
    Inbound,

    /// <summary><c>&gt;</c>: the stack is expected to send the packet.</summary>
    Outbound,
}

/// <summary>A TCP packet line: <c>+0.1 &lt; S. 0:0(0) ack 1 win 32767 &lt;mss 1460,sackOK,eol,eol&gt;</c>.</summary>
/// <param name="Packet">What the line says about the packet.</param>
/// <param name="Time">When the packet is sent or expected.</param>
/// <param name="Location">Where the line starts.</param>
public sealed record PacketEvent(TcpPacketSpec Packet, EventTime Time, SourceLocation Location) : ScriptEvent(Time, Location);
