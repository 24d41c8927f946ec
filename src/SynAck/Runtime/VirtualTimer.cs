namespace SynAck.Runtime;

/// <summary>A timer of a <see cref="VirtualTimeProvider"/>; it lives in the provider's heap while armed.</summary>
internal sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private bool _disposed;

    public long DueAt { get; set; }

    public long Sequence { get; set; }

    public int HeapIndex { get; set; } = -1;

    public static void Validate(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero or more, or infinite.");
        }

        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be zero or more, or infinite.");
        }
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, period);
        owner.VerifyNotForeignThread();
        lock (owner.Gate)
        {
            if (_disposed)
            {
                return false;
            }

            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                owner.Unschedule(this);
            }
            else
            {
                owner.Schedule(this, dueTime);
            }
        }

        return true;
    }

    /// <summary>Called with the owner's gate held when the timer comes due: re-arms a periodic timer.</summary>
    public void OnDue()
    {
        if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
        {
            owner.Schedule(this, _period);
        }
    }

    public void Fire() => callback(state);

    public void Dispose()
    {
        lock (owner.Gate)
        {
            _disposed = true;
            owner.Unschedule(this);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
