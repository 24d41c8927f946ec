using SynAck.Links;
using SynAck.Runtime;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Interop.Tests.Tcp;

/// <summary>
/// A link decorator that loses exactly one packet SynAck sends: the <c>n</c>th TCP segment that
/// carries data (counting from 1). Everything else passes both ways untouched.
/// </summary>
internal sealed class DropOneDataSegmentLink(ILink inner, int n) : ILink
{
    private int _dataSegmentsSeen;

    public string Name => inner.Name;

    public int Mtu => inner.Mtu;

    /// <summary>The sequence number and length of the lost segment, once it was lost.</summary>
    public (SequenceNumber Sequence, int Length)? Dropped { get; private set; }

    public void Attach(ILinkReceiver receiver, EventLoop loop) => inner.Attach(receiver, loop);

    public void Send(ReadOnlySpan<byte> ipPacket)
    {
        if (Dropped is null
            && IpPacketView.TryCreate(ipPacket, out var ip, out _)
            && ip.Protocol == IpProtocol.Tcp
            && TcpSegmentView.TryCreate(ip.UpperLayerData, out var tcp, out _)
            && tcp.Payload.Length > 0
            && ++_dataSegmentsSeen == n)
        {
            Dropped = (tcp.SequenceNumber, tcp.Payload.Length);
            return;
        }

        inner.Send(ipPacket);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
