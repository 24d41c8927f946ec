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
/// later, from a timer on the loop or after the given number of later packets.
/// </remarks>
public sealed class FaultInjectingLink : ILink
{
    private readonly ILink _inner;
    private readonly Random _random;
    private EventLoop? _loop;
    private FaultStage? _outbound;
    private FaultStage? _inbound;
    private bool _disposed;

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
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(outbound);
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(random);
        _inner = inner;
        Outbound = outbound;
        Inbound = inbound;
        _random = random;
    }

    /// <summary>The wrapped link.</summary>
    public ILink Inner => _inner;

    /// <inheritdoc/>
    public string Name => _inner.Name;

    /// <inheritdoc/>
    public int Mtu => _inner.Mtu;

    /// <summary>The faults applied to packets the stack sends.</summary>
    public FaultOptions Outbound { get; }

    /// <summary>The faults applied to packets the stack receives.</summary>
    public FaultOptions Inbound { get; }

    /// <summary>What was done to sent packets so far.</summary>
    public FaultCounters OutboundCounters => _outbound?.Counters ?? default;

    /// <summary>What was done to received packets so far.</summary>
    public FaultCounters InboundCounters => _inbound?.Counters ?? default;

    /// <inheritdoc/>
    public void Attach(ILinkReceiver receiver, EventLoop loop)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(loop);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_loop is not null)
        {
            throw new InvalidOperationException($"The link '{Name}' is already attached.");
        }

        var outbound = new FaultStage(Outbound, _random, loop, packet => _inner.Send(packet));
        var inbound = new FaultStage(Inbound, _random, loop, receiver.OnPacketReceived);
        try
        {
            _inner.Attach(new InboundTap(inbound), loop);
        }
        catch
        {
            outbound.Dispose();
            inbound.Dispose();
            throw;
        }

        (_loop, _outbound, _inbound) = (loop, outbound, inbound);
    }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> ipPacket)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var outbound = _outbound ?? throw new InvalidOperationException($"The link '{Name}' is not attached.");
        outbound.Process(ipPacket);
    }

    /// <summary>
    /// Drops any packets still held back, then disposes the wrapped link. The stages go first so
    /// that a held-back packet's timer cannot fire into a link that is already disposed.
    /// </summary>
    /// <returns>A task that completes when the link is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_loop is not null)
        {
            if (_loop.IsCurrentThread || _loop.IsDisposed)
            {
                DisposeStages();
            }
            else
            {
                try
                {
                    await _loop.InvokeAsync(DisposeStages);
                }
                catch (ObjectDisposedException)
                {
                    DisposeStages();
                }
            }
        }

        await _inner.DisposeAsync();
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
