using SynAck.Runtime;

namespace SynAck.InMemory;

/// <content>Packets in flight, the delivery timer, and handing packets to the receiver's loop.</content>
public sealed partial class InMemoryPath
{
    private readonly PriorityQueue<InFlightPacket, ArrivalKey> _inFlight = new();
    private readonly List<HeldPacket> _held = [];
    private readonly Queue<InFlightPacket> _ready = new();
    private readonly Queue<long> _transmitEnds = new();
    private readonly ITimer _timer;
    private readonly DrainWork _drain;
    private long _busyUntil;
    private long _timerDue = long.MaxValue;
    private long _sequence;
    private bool _drainPosted;
    private bool _closed;

    internal void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _timer.Dispose();
            while (_inFlight.TryDequeue(out var packet, out _))
            {
                Return(packet);
            }

            foreach (var held in _held)
            {
                Return(held.Packet);
            }

            _held.Clear();
            while (_ready.TryDequeue(out var packet))
            {
                Return(packet);
            }
        }
    }

    private InFlightPacket Copy(ReadOnlySpan<byte> packet, PacketFaults faults)
    {
        var buffer = _network.Buffers.Rent(Math.Max(packet.Length, 1));
        packet.CopyTo(buffer);
        return new InFlightPacket(buffer, packet.Length, faults);
    }

    private void Return(InFlightPacket packet) => _network.Buffers.Return(packet.Buffer);

    private void Schedule(InFlightPacket packet, long arrival, bool duplicate)
    {
        _inFlight.Enqueue(packet, new ArrivalKey(arrival, _sequence++));
        if (duplicate)
        {
            var copy = Copy(packet.Buffer.AsSpan(0, packet.Length), packet.Faults | PacketFaults.Duplicated);
            _inFlight.Enqueue(copy, new ArrivalKey(arrival, _sequence++));
        }
    }

    /// <summary>A packet went past the held ones: those overtaken by enough packets follow it.</summary>
    private void PassHeld(long arrival)
    {
        for (var i = 0; i < _held.Count; i++)
        {
            var held = _held[i];
            if (held.Remaining == int.MaxValue)
            {
                continue;
            }

            if (held.Remaining > 1)
            {
                _held[i] = held with { Remaining = held.Remaining - 1 };
                continue;
            }

            Schedule(held.Packet, Math.Min(arrival, held.ReleaseAt), held.Duplicate);
            _held.RemoveAt(i--);
        }
    }

    /// <summary>
    /// Moves every packet due by <paramref name="now"/> to the ready queue in arrival order,
    /// re-arms the timer for the next one, and says what to post to the receiver's loop.
    /// Called with the gate held.
    /// </summary>
    private EventLoopWork ReleaseDue(long now)
    {
        var next = long.MaxValue;
        for (var i = 0; i < _held.Count; i++)
        {
            var held = _held[i];
            if (held.ReleaseAt <= now)
            {
                Schedule(held.Packet, held.ReleaseAt, held.Duplicate);
                _held.RemoveAt(i--);
            }
            else
            {
                next = Math.Min(next, held.ReleaseAt);
            }
        }

        var attachment = Destination?.Attached;
        while (_inFlight.TryPeek(out var packet, out var key))
        {
            if (key.Arrival > now)
            {
                next = Math.Min(next, key.Arrival);
                break;
            }

            _inFlight.Dequeue();
            if (attachment is null)
            {
                _noReceiver++;
                Return(packet);
            }
            else
            {
                _ready.Enqueue(packet);
            }
        }

        ArmTimer(now, next);
        if (_ready.Count == 0 || _drainPosted || attachment is null)
        {
            return default;
        }

        _drainPosted = true;
        return new EventLoopWork(attachment.Loop, _drain);
    }

    private void ArmTimer(long now, long next)
    {
        if (next == _timerDue || _closed)
        {
            return;
        }

        _timerDue = next;
        var due = next == long.MaxValue ? Timeout.InfiniteTimeSpan : TimestampMath.FitTimerDueTime(new TimeSpan(next - now), _network.Time);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    // Runs wherever the clock runs timer callbacks: the thread pool, or the simulation outside every loop.
    private void OnTimer()
    {
        var now = _network.NowTicks(out _);
        EventLoopWork post;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _timerDue = long.MaxValue;
            post = ReleaseDue(now);
        }

        Post(post);
    }

    /// <summary>Posts the drain to the receiver's loop; if that loop is gone, drops what waits for it.</summary>
    private void Post(EventLoopWork work)
    {
        if (work.Loop is null || work.Loop.TryPost(static state => ((IWorkItem)state!).Execute(), work.Work))
        {
            return;
        }

        lock (_gate)
        {
            _drainPosted = false;
            while (_ready.TryDequeue(out var packet))
            {
                _noReceiver++;
                Return(packet);
            }
        }
    }

    /// <summary>Runs on the receiver's loop: hands each ready packet to the receiver.</summary>
    private void Drain()
    {
        while (true)
        {
            InFlightPacket packet;
            InMemoryLink.Attachment? attachment;
            lock (_gate)
            {
                if (!_ready.TryDequeue(out packet))
                {
                    _drainPosted = false;
                    return;
                }

                attachment = Destination?.Attached;
                if (attachment is null)
                {
                    _noReceiver++;
                }
                else
                {
                    _delivered++;
                    _bytesDelivered += packet.Length;
                }
            }

            try
            {
                if (attachment is not null)
                {
                    var bytes = packet.Buffer.AsSpan(0, packet.Length);
                    var observer = _network.Observer;
                    if (observer is not null)
                    {
                        var now = _network.NowTicks(out var timestamp);
                        observer.OnPacket(new PacketEvent(PacketEventKind.Delivered, this, timestamp, new TimeSpan(now), bytes, PacketFate.Delivered, packet.Faults));
                    }

                    attachment.Receiver.OnPacketReceived(bytes);
                }
            }
            catch
            {
                // Keep the remaining packets moving even if this receiver throws.
                EventLoopWork again = default;
                lock (_gate)
                {
                    if (_ready.Count > 0 && attachment is not null)
                    {
                        again = new EventLoopWork(attachment.Loop, _drain);
                    }
                    else
                    {
                        _drainPosted = false;
                    }
                }

                Post(again);
                throw;
            }
            finally
            {
                Return(packet);
            }
        }
    }

    private readonly record struct InFlightPacket(byte[] Buffer, int Length, PacketFaults Faults);

    private readonly record struct HeldPacket(InFlightPacket Packet, long ReleaseAt, int Remaining, bool Duplicate);

    private readonly record struct ArrivalKey(long Arrival, long Sequence) : IComparable<ArrivalKey>
    {
        public int CompareTo(ArrivalKey other)
        {
            var byArrival = Arrival.CompareTo(other.Arrival);
            return byArrival != 0 ? byArrival : Sequence.CompareTo(other.Sequence);
        }
    }

    /// <summary>A post to make once the gate is released.</summary>
    private readonly record struct EventLoopWork(EventLoop? Loop, IWorkItem? Work);

    private sealed class DrainWork(InMemoryPath path) : IWorkItem
    {
        public void Execute() => path.Drain();
    }
}
