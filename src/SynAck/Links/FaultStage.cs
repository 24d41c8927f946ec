using System.Buffers;
using SynAck.Runtime;

namespace SynAck.Links;

/// <summary>
/// One direction of a <see cref="FaultInjectingLink"/>: draws faults for each packet and passes
/// the survivors on, holding reordered ones back. Runs only on the link's event loop.
/// </summary>
internal sealed class FaultStage : IDisposable
{
    private static readonly Action<object?> OnTimer = static state => ((FaultStage)state!).ReleaseDue();

    private readonly FaultOptions _options;
    private readonly Random _random;
    private readonly EventLoop _loop;
    private readonly Action<ReadOnlySpan<byte>> _forward;
    private readonly LoopTimer _timer;
    private readonly List<Held> _held = [];
    private long _packets;
    private long _lost;
    private long _duplicated;
    private long _reordered;
    private long _corrupted;
    private bool _disposed;

    public FaultStage(FaultOptions options, Random random, EventLoop loop, Action<ReadOnlySpan<byte>> forward)
    {
        _options = options;
        _random = random;
        _loop = loop;
        _forward = forward;
        _timer = loop.CreateTimer(OnTimer, this);
    }

    public FaultCounters Counters => new(
        Volatile.Read(ref _packets), Volatile.Read(ref _lost), Volatile.Read(ref _duplicated), Volatile.Read(ref _reordered), Volatile.Read(ref _corrupted));

    public void Process(ReadOnlySpan<byte> packet)
    {
        if (_disposed)
        {
            return;
        }

        _packets++;
        var decision = FaultInjector.Decide(_options, _random, packet);
        if (decision.Lost)
        {
            _lost++;
            return;
        }

        byte[]? copy = null;
        var data = packet;
        if (decision.Corrupted || decision.Reordered || decision.Marked)
        {
            copy = ArrayPool<byte>.Shared.Rent(packet.Length);
            packet.CopyTo(copy);
            data = copy.AsSpan(0, packet.Length);
            if (decision.Marked)
            {
                FaultInjector.MarkCongestionExperienced(copy.AsSpan(0, packet.Length));
            }

            if (decision.Corrupted)
            {
                _corrupted++;
                FaultInjector.Corrupt(copy.AsSpan(0, packet.Length), _random);
            }
        }

        if (decision.Duplicated)
        {
            _duplicated++;
        }

        if (decision.Reordered)
        {
            _reordered++;
            var remaining = _options.ReorderDistance == 0 ? int.MaxValue : _options.ReorderDistance;
            var releaseAt = TimestampMath.SaturatingAdd(_loop.Time.GetTimestamp(), TimestampMath.ToTimestampDelta(_options.ReorderDelay, _loop.Time.TimestampFrequency));
            _held.Add(new Held(copy!, packet.Length, releaseAt, remaining, decision.Duplicated));
            ArmTimer();
            return;
        }

        try
        {
            _forward(data);
            if (decision.Duplicated)
            {
                _forward(data);
            }
        }
        finally
        {
            if (copy is not null)
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }

        PassHeld();
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
        foreach (var held in _held)
        {
            ArrayPool<byte>.Shared.Return(held.Buffer);
        }

        _held.Clear();
    }

    /// <summary>A packet went past the held ones: release those that have now been overtaken enough.</summary>
    private void PassHeld()
    {
        if (_held.Count == 0 || _options.ReorderDistance == 0)
        {
            return;
        }

        for (var i = 0; i < _held.Count; i++)
        {
            var held = _held[i];
            _held[i] = held with { Remaining = held.Remaining - 1 };
        }

        Release(static (held, _) => held.Remaining <= 0, 0);
    }

    private void ReleaseDue() => Release(static (held, now) => held.ReleaseAt <= now, _loop.Time.GetTimestamp());

    private void Release(Func<Held, long, bool> due, long now)
    {
        var kept = 0;
        var released = 0;
        Span<int> order = _held.Count <= 64 ? stackalloc int[_held.Count] : new int[_held.Count];
        for (var i = 0; i < _held.Count; i++)
        {
            if (due(_held[i], now))
            {
                order[released++] = i;
            }
        }

        for (var k = 0; k < released && !_disposed; k++)
        {
            var held = _held[order[k]];
            try
            {
                var data = held.Buffer.AsSpan(0, held.Length);
                _forward(data);
                if (held.Duplicate)
                {
                    _forward(data);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(held.Buffer);
                _held[order[k]] = held with { Length = -1 };
            }
        }

        for (var i = 0; i < _held.Count; i++)
        {
            if (_held[i].Length >= 0)
            {
                _held[kept++] = _held[i];
            }
        }

        _held.RemoveRange(kept, _held.Count - kept);
        ArmTimer();
    }

    private void ArmTimer()
    {
        if (_disposed)
        {
            return;
        }

        if (_held.Count == 0)
        {
            if (_timer.IsScheduled)
            {
                _timer.Cancel();
            }

            return;
        }

        var earliest = long.MaxValue;
        foreach (var held in _held)
        {
            earliest = Math.Min(earliest, held.ReleaseAt);
        }

        if (_timer.Deadline != earliest)
        {
            _timer.ScheduleAt(earliest);
        }
    }

    private readonly record struct Held(byte[] Buffer, int Length, long ReleaseAt, int Remaining, bool Duplicate);
}
