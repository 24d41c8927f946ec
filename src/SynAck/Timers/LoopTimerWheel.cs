using SynAck.Runtime;

namespace SynAck.Timers;

/// <summary>
/// A <see cref="TimingWheel{T}"/> driven by an <see cref="EventLoop"/>: deadlines are timestamps
/// of the loop's clock, one <see cref="LoopTimer"/> is armed for the wheel's next tick, and
/// expired entries are handed to a callback on the loop. This is how a stack keeps one deadline
/// per connection for 100 000 connections at O(1) per change.
/// </summary>
/// <remarks>
/// Every member must be called on the loop. A deadline is rounded up to the wheel's granularity,
/// so an entry never expires before its deadline and at most one granule after it. Cancelling
/// leaves the loop timer armed; it fires, finds nothing, and re-arms for the next tick.
/// </remarks>
/// <typeparam name="T">The value carried by each entry.</typeparam>
public sealed class LoopTimerWheel<T> : IDisposable
{
    private static readonly Action<object?> OnTimer = static state => ((LoopTimerWheel<T>)state!).Expire();

    private readonly EventLoop _loop;
    private readonly Action<int, T> _expired;
    private readonly TimingWheel<T> _wheel;
    private readonly LoopTimer _timer;
    private readonly long _origin;
    private readonly long _granule;
    private long _armedTick = long.MaxValue;

    /// <summary>Creates a wheel on a loop.</summary>
    /// <param name="loop">The loop whose clock and thread the wheel uses.</param>
    /// <param name="expired">Called on the loop with each expired entry's handle and value, in deadline order.</param>
    /// <param name="granularity">The length of one tick; default one millisecond.</param>
    /// <param name="capacity">How many entries to make room for before the first growth.</param>
    public LoopTimerWheel(EventLoop loop, Action<int, T> expired, TimeSpan? granularity = null, int capacity = 16)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(expired);
        var tick = granularity ?? TimeSpan.FromMilliseconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tick, TimeSpan.Zero, nameof(granularity));
        _loop = loop;
        _expired = expired;
        _granule = Math.Max(1, TimestampMath.ToTimestampDelta(tick, loop.Time.TimestampFrequency));
        _origin = loop.Time.GetTimestamp();
        _wheel = new TimingWheel<T>(0, capacity);
        _timer = loop.CreateTimer(OnTimer, this);
        Granularity = tick;
    }

    /// <summary>The length of one tick.</summary>
    public TimeSpan Granularity { get; }

    /// <summary>How many entries exist.</summary>
    public int Count => _wheel.Count;

    /// <summary>How many entries have a deadline.</summary>
    public int ScheduledCount => _wheel.ScheduledCount;

    /// <summary>The value carried by an entry.</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    public ref T this[int handle] => ref _wheel[handle];

    /// <summary>Adds an unscheduled entry.</summary>
    /// <param name="value">The value the entry carries.</param>
    /// <returns>The entry's handle.</returns>
    public int Add(T value)
    {
        _loop.VerifyAccess();
        return _wheel.Add(value);
    }

    /// <summary>Deletes an entry and its deadline.</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    public void Remove(int handle)
    {
        _loop.VerifyAccess();
        _wheel.Remove(handle);
    }

    /// <summary>Whether an entry has a deadline.</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    public bool IsScheduled(int handle) => _wheel.IsScheduled(handle);

    /// <summary>Sets an entry's deadline to a timestamp of the loop's clock.</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    /// <param name="timestamp">The deadline (<see cref="TimeProvider.GetTimestamp"/> units).</param>
    public void ScheduleAt(int handle, long timestamp)
    {
        _loop.VerifyAccess();
        var delta = timestamp - _origin;
        var tick = delta <= 0 ? 0 : (delta / _granule) + (delta % _granule == 0 ? 0 : 1);
        _wheel.Schedule(handle, tick);
        ArmFor(_wheel.CurrentTick > tick ? _wheel.CurrentTick : tick);
    }

    /// <summary>Sets an entry's deadline to <paramref name="delay"/> from now.</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    /// <param name="delay">How long from now.</param>
    public void ScheduleAfter(int handle, TimeSpan delay)
    {
        var time = _loop.Time;
        ScheduleAt(handle, TimestampMath.SaturatingAdd(time.GetTimestamp(), TimestampMath.ToTimestampDelta(delay, time.TimestampFrequency)));
    }

    /// <summary>Clears an entry's deadline.</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    /// <returns>True when it had one.</returns>
    public bool Cancel(int handle)
    {
        _loop.VerifyAccess();
        return _wheel.Cancel(handle);
    }

    /// <summary>Stops the loop timer.</summary>
    public void Dispose() => _timer.Dispose();

    private void ArmFor(long tick)
    {
        if (tick >= _armedTick && _timer.IsScheduled)
        {
            return;
        }

        _armedTick = tick;
        _timer.ScheduleAt(TimestampMath.SaturatingAdd(_origin, tick > long.MaxValue / _granule ? long.MaxValue : tick * _granule));
    }

    private void Expire()
    {
        _armedTick = long.MaxValue;
        var nowTick = Math.Max(0, (_loop.Time.GetTimestamp() - _origin) / _granule);
        while (_wheel.TryDequeueExpired(nowTick, out var handle))
        {
            _expired(handle, _wheel[handle]);
        }

        if (_wheel.TryGetNextTick(out var next))
        {
            ArmFor(next);
        }
    }
}
