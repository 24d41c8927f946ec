using SynAck.Wire;

namespace SynAck.Drill.Syntax;

/// <summary>
/// The TCP packet a line describes. Sequence and acknowledgment numbers are in script space
/// (relative numbering, see <see cref="Matching.ConnectionNumbering"/>); a field the line leaves out
/// is null where packetdrill then does not check it (window, options with <c>&lt;...&gt;</c>).
/// </summary>
public sealed record TcpPacketSpec
{
    /// <summary>Inbound (<c>&lt;</c>) or outbound (<c>&gt;</c>).</summary>
    public required PacketDirection Direction { get; init; }

    /// <summary>The IP-level annotation (<c>[ect0]</c>, <c>[noecn]</c>, <c>(tos 0x10)</c>...), or null when there is none.</summary>
    public IpSpec? Ip { get; init; }

    /// <summary>An explicit source port (<c>&lt; 12345&gt;8080 S ...</c>), or null for the connection's.</summary>
    public ushort? SourcePort { get; init; }

    /// <summary>An explicit destination port, or null for the connection's.</summary>
    public ushort? DestinationPort { get; init; }

    /// <summary>The flags; exactly these must be set on an outbound packet.</summary>
    public required TcpFlags Flags { get; init; }

    /// <summary>The <c>start:end(length)</c> part.</summary>
    public required SequenceSpec Sequence { get; init; }

    /// <summary>The <c>ack N</c> value, or null when the line has none (then the field is 0).</summary>
    public uint? Acknowledgment { get; init; }

    /// <summary>The <c>win N</c> value, or null: an outbound window is then not checked (inbound: 0).</summary>
    public ushort? Window { get; init; }

    /// <summary>The <c>urg N</c> value, or null (the field is then 0 and checked as 0).</summary>
    public ushort? UrgentPointer { get; init; }

    /// <summary>True for <c>&lt;...&gt;</c>: any options (outbound only); <see cref="Options"/> is then empty.</summary>
    public bool AnyOptions { get; init; }

    /// <summary>The options in order; empty when the line gives none (the packet must then carry none).</summary>
    public IReadOnlyList<TcpOptionSpec> Options { get; init; } = [];

    /// <summary>The payload length, the <c>(length)</c> of the sequence part.</summary>
    public int PayloadLength => Sequence.Length;

    /// <summary>The packet in script syntax (see <see cref="ScriptFormat.Packet"/>).</summary>
    public override string ToString() => ScriptFormat.Packet(this);
}

/// <summary>
/// The <c>start:end(length)</c> part of a packet line; <c>!</c> after it makes the numbers absolute,
/// and <c>...(length)</c> says the sequence number is not checked.
/// </summary>
/// <param name="Start">The first sequence number (script space).</param>
/// <param name="Length">The payload length in bytes.</param>
/// <param name="IsAbsolute">True for <c>start:end(length)!</c>: the number is used as is, not mapped.</param>
/// <param name="IsIgnored">True for <c>...(length)</c>: any sequence number matches.</param>
public readonly record struct SequenceSpec(uint Start, int Length, bool IsAbsolute = false, bool IsIgnored = false)
{
    /// <summary>The sequence number after the payload (<c>end</c>).</summary>
    public uint End => unchecked(Start + (uint)Length);
}

/// <summary>What an outbound packet's ECN field must hold.</summary>
public enum EcnExpectation
{
    /// <summary><c>noecn</c>: Not-ECT (00).</summary>
    NotEct,

    /// <summary><c>ect1</c>: ECT(1) (01).</summary>
    Ect1,

    /// <summary><c>ect0</c>: ECT(0) (10).</summary>
    Ect0,

    /// <summary><c>ce</c>: Congestion Experienced (11).</summary>
    Ce,

    /// <summary><c>ect01</c>: either ECT codepoint (outbound only).</summary>
    Ect0OrEct1,
}

/// <summary>An IP-level annotation in brackets or parentheses after the direction: <c>[ect0]</c>, <c>(tos 0x10, ttl 64)</c>.</summary>
/// <param name="Ecn">The ECN codepoint, or null.</param>
/// <param name="TypeOfService">A whole TOS / traffic class byte (<c>tos 0xNN</c> or <c>class 0xNN</c>), or null.</param>
/// <param name="TimeToLive">The TTL / hop limit (<c>ttl N</c>, <c>hlim N</c>), or null.</param>
/// <param name="FlowLabel">The IPv6 flow label (<c>flowlabel 0xN</c>), or null.</param>
public sealed record IpSpec(EcnExpectation? Ecn, byte? TypeOfService, byte? TimeToLive, uint? FlowLabel);
