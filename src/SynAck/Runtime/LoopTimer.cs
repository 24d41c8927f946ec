namespace SynAck.Runtime;

/// <summary>
/// A re-armable one-shot deadline whose callback runs on its <see cref="EventLoop"/>. It holds
/// one <see cref="ITimer"/> from the loop's <see cref="TimeProvider"/> for its whole life, so
/// scheduling, rescheduling and cancelling cost no allocation.
/// </summary>
/// <remarks>
/// <see cref="ScheduleAt(long)"/>, <see cref="ScheduleAfter(TimeSpan)"/> and
/// <see cref="Cancel"/> must be called on the loop. The callback runs on the loop no earlier than
/// the deadline (per the loop's clock) and not at all if the timer was cancelled or rescheduled
/// later before the deadline passed.
/// </remarks>
public sealed class LoopTimer : IDisposable
{
    private const long NotScheduled = long.MaxValue;
    private static readonly Action<object?> OnFiredOnLoop = static state => ((LoopTimer)state!).Fire();

    private readonly EventLoop _loop;
    private readonly Action<object?> _callback;
    private readonly object? _state;
    private readonly ITimer _timer;
    private long _deadline = NotScheduled;
    private long _armedFor = NotScheduled;
    private bool _disposed;

    internal LoopTimer(EventLoop loop, Action<object?> callback, object? state)
    {
        _loop = loop;
        _callback = callback;
        _state = state;
        _timer = loop.Time.CreateTimer(static s => ((LoopTimer)s!).OnTimerFired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether a deadline is set and its callback has not yet run.</summary>
    public bool IsScheduled => _deadline != NotScheduled;

    /// <summary>The deadline as a timestamp of the loop's clock, or null when not scheduled.</summary>
    public long? Deadline => IsScheduled ? _deadline : null;

    /// <summary>Sets the deadline, replacing any earlier one.</summary>
    /// <param name="timestamp">A timestamp of the loop's clock (<see cref="TimeProvider.GetTimestamp"/>).</param>
    /// <exception cref="InvalidOperationException">Not called on the loop.</exception>
    /// <exception cref="ObjectDisposedException">The timer was disposed.</exception>
    public void ScheduleAt(long timestamp)
    {
        _loop.VerifyAccess();
        ObjectDisposedException.ThrowIf(_disposed, this);
        _deadline = timestamp == NotScheduled ? NotScheduled - 1 : timestamp;
        if (_armedFor != _deadline)
        {
            Arm(_deadline - _loop.Time.GetTimestamp());
        }
    }

    /// <summary>Sets the deadline to <paramref name="delay"/> from now, replacing any earlier one.</summary>
    /// <param name="delay">How long from now; zero or negative means as soon as possible.</param>
    /// <exception cref="InvalidOperationException">Not called on the loop.</exception>
    /// <exception cref="ObjectDisposedException">The timer was disposed.</exception>
    public void ScheduleAfter(TimeSpan delay)
    {
        var time = _loop.Time;
        ScheduleAt(TimestampMath.SaturatingAdd(time.GetTimestamp(), TimestampMath.ToTimestampDelta(delay, time.TimestampFrequency)));
    }

    /// <summary>Clears the deadline, if any. The callback will not run for it.</summary>
    /// <exception cref="InvalidOperationException">Not called on the loop.</exception>
    public void Cancel()
    {
        _loop.VerifyAccess();
        _deadline = NotScheduled;
        if (_armedFor != NotScheduled && !_disposed)
        {
            _armedFor = NotScheduled;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Cancels the timer and releases its underlying <see cref="ITimer"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        _deadline = NotScheduled;
        _timer.Dispose();
    }

    private void Arm(long timestampDelta)
    {
        var time = _loop.Time;
        var due = TimestampMath.FitTimerDueTime(TimestampMath.ToTimeSpanCeiling(timestampDelta, time.TimestampFrequency), time);
        _armedFor = _deadline;
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    // Runs wherever the TimeProvider runs timer callbacks (the thread pool for the system clock).
    private void OnTimerFired() => _loop.TryPost(OnFiredOnLoop, this);

    private void Fire()
    {
        _armedFor = NotScheduled;
        if (_disposed || _deadline == NotScheduled)
        {
            return;
        }

        var remaining = _deadline - _loop.Time.GetTimestamp();
        if (remaining > 0)
        {
            // The deadline moved later, or a coarse real clock fired a little early: wait again.
            Arm(remaining);
            return;
        }

        _deadline = NotScheduled;
        _callback(_state);
    }
}
