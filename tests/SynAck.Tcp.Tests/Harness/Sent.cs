using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.Harness;

/// <summary>A segment a control block handed out, with a copy of its payload.</summary>
internal sealed record Sent(TcpHeader Header, byte[] Payload)
{
    public SequenceNumber Seq => Header.SequenceNumber;

    public SequenceNumber Ack => Header.AcknowledgmentNumber;

    public TcpFlags Flags => Header.Flags;

    public int Length => Payload.Length;

    /// <summary>tcpdump-style flags: S, S., ., P., F., R, R., with U appended for URG.</summary>
    public string FlagText => Describe(Header.Flags);

    public static string Describe(TcpFlags flags)
    {
        var text = string.Empty;
        if ((flags & TcpFlags.Syn) != 0) text += "S";
        if ((flags & TcpFlags.Fin) != 0) text += "F";
        if ((flags & TcpFlags.Rst) != 0) text += "R";
        if ((flags & TcpFlags.Psh) != 0) text += "P";
        if ((flags & TcpFlags.Urg) != 0) text += "U";
        if ((flags & TcpFlags.Ack) != 0) text += ".";
        return text;
    }

    public override string ToString() => $"{FlagText} seq={Seq} ack={Ack} win={Header.Window} len={Length}";
}
