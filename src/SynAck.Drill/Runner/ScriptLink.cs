using SynAck.Links;
using SynAck.Runtime;

namespace SynAck.Drill.Runner;

/// <summary>
/// The link between the stack under test and the script: what the stack sends is kept with the
/// virtual time it was sent at, and the script's packets are handed to the stack on its loop.
/// </summary>
internal sealed class ScriptLink(VirtualTimeProvider time) : ILink
{
    private readonly Queue<SentPacket> _sent = new();
    private ILinkReceiver? _receiver;
    private EventLoop? _loop;

    public string Name => "script";

    public int Mtu => 1500;

    public int SentCount => _sent.Count;

    public void Attach(ILinkReceiver receiver, EventLoop loop)
    {
        _receiver = receiver;
        _loop = loop;
    }

    public void Send(ReadOnlySpan<byte> ipPacket) => _sent.Enqueue(new SentPacket(ipPacket.ToArray(), time.Elapsed));

    public bool TryTakeSent(out SentPacket packet) => _sent.TryDequeue(out packet);

    public bool TryPeekSent(out SentPacket packet) => _sent.TryPeek(out packet);

    /// <summary>Hands a packet to the stack, as if it had just arrived on the wire.</summary>
    public void Inject(byte[] ipPacket)
    {
        var receiver = _receiver ?? throw new InvalidOperationException("The link is not attached to a stack.");
        var loop = _loop ?? throw new InvalidOperationException("The link is not attached to a stack.");
        loop.Post(() => receiver.OnPacketReceived(ipPacket));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>An IP packet the stack sent, and when (script time).</summary>
internal readonly record struct SentPacket(byte[] Bytes, TimeSpan Time);
