using SynAck.Links;

namespace SynAck.InMemory;

/// <summary>
/// One direction of a <see cref="PointToPointLink"/>. A sent packet is checked against the MTU,
/// queued for the bandwidth (or tail-dropped), then lost, corrupted, duplicated or held back as
/// the seeded faults decide, and delivered after its serialisation and propagation delay.
/// </summary>
/// <remarks>
/// Thread-safe: in real-time mode the sender's loop, the path's timer and the receiver's loop
/// are different threads. Options may be replaced while traffic flows; a change applies to
/// packets sent afterwards.
/// </remarks>
public sealed partial class InMemoryPath
{
    private readonly object _gate = new();
    private readonly InMemoryNetwork _network;
    private readonly Random _random;
    private PathOptions _options;
    private PacketPredicate? _lossRule;
    private long _sent;
    private long _bytesSent;
    private long _delivered;
    private long _bytesDelivered;
    private long _lost;
    private long _tooBig;
    private long _queueFull;
    private long _noReceiver;
    private long _duplicated;
    private long _reordered;
    private long _corrupted;

    internal InMemoryPath(InMemoryNetwork network, string from, string to, PathOptions options, Random random)
    {
        _network = network;
        From = from;
        To = to;
        _options = options;
        _random = random;
        _timer = network.Time.CreateTimer(static state => ((InMemoryPath)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _drain = new DrainWork(this);
    }

    /// <summary>The sending endpoint's name.</summary>
    public string From { get; }

    /// <summary>The receiving endpoint's name.</summary>
    public string To { get; }

    /// <summary>How the path behaves; replace it to change the behaviour of later packets.</summary>
    public PathOptions Options
    {
        get
        {
            lock (_gate)
            {
                return _options;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                _options = value;
            }
        }
    }

    /// <summary>
    /// A rule that picks packets to lose, checked before the random faults (which it does not
    /// disturb): e.g. "lose the first SYN-ACK". Null for none. Called on the sender's loop.
    /// </summary>
    public PacketPredicate? LossRule
    {
        get => Volatile.Read(ref _lossRule);
        set => Volatile.Write(ref _lossRule, value);
    }

    internal InMemoryLink? Destination { get; set; }

    /// <summary>A snapshot of what the path has done so far.</summary>
    /// <returns>The counters.</returns>
    public PathCounters GetCounters()
    {
        lock (_gate)
        {
            return new PathCounters(_sent, _bytesSent, _delivered, _bytesDelivered, _lost, _tooBig, _queueFull, _noReceiver, _duplicated, _reordered, _corrupted);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{From} -> {To}";

    internal void Send(ReadOnlySpan<byte> packet)
    {
        var now = _network.NowTicks(out var timestamp);
        var lostByRule = LossRule?.Invoke(packet) ?? false;
        PacketFate fate;
        var faults = PacketFaults.None;
        EventLoopWork post;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _sent++;
            _bytesSent += packet.Length;
            var options = _options;
            if (packet.Length > options.Mtu)
            {
                _tooBig++;
                fate = PacketFate.TooBig;
            }
            else if (!TryTransmit(options, now, packet.Length, out var transmitted))
            {
                _queueFull++;
                fate = PacketFate.QueueFull;
            }
            else
            {
                var decision = lostByRule ? new FaultDecision(true, false, false, false, false) : FaultInjector.Decide(options.Faults, _random, packet);
                fate = decision.Lost ? PacketFate.Lost : PacketFate.Delivered;
                if (decision.Lost)
                {
                    _lost++;
                }
                else
                {
                    faults = Enqueue(options, packet, transmitted + options.Latency.Ticks, decision);
                }
            }

            post = ReleaseDue(now);

            // Told inside the lock, so that no delivery of this packet can be reported before its sending.
            _network.Observer?.OnPacket(new PacketEvent(PacketEventKind.Sent, this, timestamp, new TimeSpan(now), packet, fate, faults));
        }

        Post(post);
    }

    /// <summary>Takes the bandwidth for one packet: when its last bit leaves, or false when the queue is full.</summary>
    private bool TryTransmit(PathOptions options, long now, int length, out long transmitted)
    {
        if (options.BitsPerSecond == 0)
        {
            transmitted = now;
            return true;
        }

        while (_transmitEnds.TryPeek(out var end) && end <= now)
        {
            _transmitEnds.Dequeue();
        }

        if (_transmitEnds.Count >= options.QueueLimit)
        {
            transmitted = 0;
            return false;
        }

        var bits = (Int128)length * 8 * TimeSpan.TicksPerSecond;
        var duration = (long)((bits + options.BitsPerSecond - 1) / options.BitsPerSecond);
        transmitted = Math.Max(now, _busyUntil) + duration;
        _busyUntil = transmitted;
        _transmitEnds.Enqueue(transmitted);
        return true;
    }

    /// <summary>Copies a surviving packet into the network and schedules its delivery (or holds it back).</summary>
    private PacketFaults Enqueue(PathOptions options, ReadOnlySpan<byte> packet, long arrival, FaultDecision decision)
    {
        var faults = PacketFaults.None;
        var copy = Copy(packet, PacketFaults.None);
        if (decision.Marked)
        {
            faults |= PacketFaults.CongestionMarked;
            FaultInjector.MarkCongestionExperienced(copy.Buffer.AsSpan(0, copy.Length));
            copy = copy with { Faults = PacketFaults.CongestionMarked };
        }

        if (decision.Corrupted)
        {
            _corrupted++;
            faults |= PacketFaults.Corrupted;
            FaultInjector.Corrupt(copy.Buffer.AsSpan(0, copy.Length), _random);
            copy = copy with { Faults = copy.Faults | PacketFaults.Corrupted };
        }

        if (decision.Duplicated)
        {
            _duplicated++;
            faults |= PacketFaults.Duplicated;
        }

        if (decision.Reordered)
        {
            _reordered++;
            faults |= PacketFaults.Reordered;
            var remaining = options.Faults.ReorderDistance == 0 ? int.MaxValue : options.Faults.ReorderDistance;
            _held.Add(new HeldPacket(copy with { Faults = copy.Faults | PacketFaults.Reordered }, arrival + options.Faults.ReorderDelay.Ticks, remaining, decision.Duplicated));
            return faults;
        }

        Schedule(copy, arrival, decision.Duplicated);
        PassHeld(arrival);
        return faults;
    }
}
