using SynAck.Links;
using SynAck.Runtime;

namespace SynAck.Tests.Stack;

/// <summary>A link the test drives by hand: it injects raw packets into the stack and records what the stack sends.</summary>
internal sealed class TestLink(int mtu = 1500) : ILink
{
    private ILinkReceiver? _receiver;

    public string Name => "test";

    public int Mtu { get; } = mtu;

    public List<byte[]> Sent { get; } = [];

    public EventLoop? Loop { get; private set; }

    public void Attach(ILinkReceiver receiver, EventLoop loop)
    {
        _receiver = receiver;
        Loop = loop;
    }

    public void Send(ReadOnlySpan<byte> ipPacket) => Sent.Add(ipPacket.ToArray());

    /// <summary>Hands a packet to the stack on its loop.</summary>
    public void Inject(byte[] packet) => Loop!.Post(() => _receiver!.OnPacketReceived(packet));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
