using SynAck.Runtime;

namespace SynAck.Links;

/// <summary>
/// A decorator that makes any link lossy: it drops, duplicates, reorders and corrupts packets in
/// each direction with the probabilities of its <see cref="FaultOptions"/>, drawn from a seeded
/// generator given by the caller, and counts what it did. Over a TUN device it lets the kernel's
/// TCP see a lossy path; in tests it makes any link misbehave reproducibly.
/// </summary>
/// <remarks>
/// Both directions draw from the one generator, on the attached loop, so the faults follow from
/// the seed and the order of packets. A reordered packet is held back and sent (or delivered)
/// later, from a timer on the loop or after the given number of later packets. Disposing drops
/// any packets still held back, then disposes the wrapped link: the stages go first so that a
/// held-back packet's timer cannot fire into a link that is already disposed.
/// </remarks>
public sealed class FaultInjectingLink : LinkDecorator
{
    private readonly Random _random;
    private FaultStage? _outbound;
    private FaultStage? _inbound;

    /// <summary>Wraps a link with the same faults in both directions.</summary>
    /// <param name="inner">The link to wrap; the decorator owns it and disposes it.</param>
    /// <param name="faults">The faults for both directions.</param>
    /// <param name="random">The seeded generator the faults are drawn from.</param>
    public FaultInjectingLink(ILink inner, FaultOptions faults, Random random)
        : this(inner, faults, faults, random)
    {
    }

    /// <summary>Wraps a link with separate faults per direction.</summary>
    /// <param name="inner">The link to wrap; the decorator owns it and disposes it.</param>
    /// <param name="outbound">The faults for packets the stack sends.</param>
    /// <param name="inbound">The faults for packets the stack receives.</param>
    /// <param name="random">The seeded generator the faults are drawn from.</param>
    public FaultInjectingLink(ILink inner, FaultOptions outbound, FaultOptions inbound, Random random)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(outbound);
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(random);
        Outbound = outbound;
        Inbound = inbound;
        _random = random;
    }

    /// <summary>The faults applied to packets the stack sends.</summary>
    public FaultOptions Outbound { get; }

    /// <summary>The faults applied to packets the stack receives.</summary>
    public FaultOptions Inbound { get; }

    /// <summary>What was done to sent packets so far.</summary>
    public FaultCounters OutboundCounters => _outbound?.Counters ?? default;

    /// <summary>What was done to received packets so far.</summary>
    public FaultCounters InboundCounters => _inbound?.Counters ?? default;

    private protected override void AttachCore(ILinkReceiver receiver, EventLoop loop)
    {
        var outbound = new FaultStage(Outbound, _random, loop, packet => Inner.Send(packet));
        var inbound = new FaultStage(Inbound, _random, loop, receiver.OnPacketReceived);
        try
        {
            Inner.Attach(new InboundTap(inbound), loop);
        }
        catch
        {
            outbound.Dispose();
            inbound.Dispose();
            throw;
        }

        (Loop, _outbound, _inbound) = (loop, outbound, inbound);
    }

    private protected override void SendCore(ReadOnlySpan<byte> ipPacket) => _outbound!.Process(ipPacket);

    private protected override async ValueTask DisposeCoreAsync()
    {
        await RunOnLoopAsync(DisposeStages);
        await Inner.DisposeAsync();
    }

    private void DisposeStages()
    {
        _outbound?.Dispose();
        _inbound?.Dispose();
    }

    private sealed class InboundTap(FaultStage stage) : ILinkReceiver
    {
        public void OnPacketReceived(ReadOnlySpan<byte> ipPacket) => stage.Process(ipPacket);
    }
}
