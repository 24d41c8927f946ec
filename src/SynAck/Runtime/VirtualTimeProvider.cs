namespace SynAck.Runtime;

/// <summary>
/// The virtual clock of a <see cref="Simulation"/>. Time stands still while work runs and jumps
/// straight to the next timer when nothing else is runnable, so ten virtual minutes take as long
/// as the work done in them. Timestamps count 100 ns ticks from the simulation's start.
/// </summary>
/// <remarks>
/// Timers created here (including those behind <c>Task.Delay(TimeSpan, TimeProvider)</c> and
/// <c>CancellationTokenSource(TimeSpan, TimeProvider)</c>) fire on the simulation's thread, in
/// order of due time and, for equal due times, in the order they were set. Their callbacks run
/// outside every event loop, as thread-pool timer callbacks do on a real clock.
/// </remarks>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly Simulation _simulation;
    private readonly DateTimeOffset _start;
    private VirtualTimer?[] _heap = new VirtualTimer?[16];
    private int _heapCount;
    private long _nextSequence;
    private long _now;

    internal VirtualTimeProvider(Simulation simulation, DateTimeOffset start)
    {
        _simulation = simulation;
        _start = start.ToUniversalTime();
    }

    /// <summary>The wall-clock time at which the simulation started (UTC).</summary>
    public DateTimeOffset Start => _start;

    /// <summary>Virtual time elapsed since the simulation started.</summary>
    public TimeSpan Elapsed => new(Volatile.Read(ref _now));

    /// <summary>How many timers are armed.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (Gate)
            {
                return _heapCount;
            }
        }
    }

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    internal object Gate { get; } = new();

    /// <inheritdoc/>
    public override long GetTimestamp() => Volatile.Read(ref _now);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _start + Elapsed;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        VirtualTimer.Validate(dueTime, period);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    internal void VerifyNotForeignThread() => _simulation.VerifyNotForeignThread();

    /// <summary>Arms or re-arms a timer; called with <see cref="Gate"/> held.</summary>
    internal void Schedule(VirtualTimer timer, TimeSpan dueTime)
    {
        Unschedule(timer);
        timer.DueAt = TimestampMath.SaturatingAdd(_now, dueTime.Ticks);
        timer.Sequence = _nextSequence++;
        timer.HeapIndex = _heapCount;
        if (_heapCount == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        _heap[_heapCount++] = timer;
        SiftUp(timer.HeapIndex);
    }

    /// <summary>Disarms a timer; called with <see cref="Gate"/> held.</summary>
    internal void Unschedule(VirtualTimer timer)
    {
        var index = timer.HeapIndex;
        if (index < 0)
        {
            return;
        }

        timer.HeapIndex = -1;
        var last = _heap[--_heapCount]!;
        _heap[_heapCount] = null;
        if (index == _heapCount)
        {
            return;
        }

        _heap[index] = last;
        last.HeapIndex = index;
        SiftDown(index);
        SiftUp(last.HeapIndex);
    }

    /// <summary>The due time of the earliest armed timer.</summary>
    internal bool TryGetNextDue(out long dueAt)
    {
        lock (Gate)
        {
            if (_heapCount == 0)
            {
                dueAt = 0;
                return false;
            }

            dueAt = _heap[0]!.DueAt;
            return true;
        }
    }

    /// <summary>
    /// Moves time to the earliest timer's due time (never backwards), takes that timer off the
    /// heap (re-arming it when periodic) and returns it so the caller can run its callback.
    /// </summary>
    internal VirtualTimer? AdvanceToNextTimer()
    {
        lock (Gate)
        {
            if (_heapCount == 0)
            {
                return null;
            }

            var timer = _heap[0]!;
            if (timer.DueAt > _now)
            {
                Volatile.Write(ref _now, timer.DueAt);
            }

            Unschedule(timer);
            timer.OnDue();
            return timer;
        }
    }

    /// <summary>Moves time forward to <paramref name="timestamp"/> without firing anything.</summary>
    internal void AdvanceTo(long timestamp)
    {
        lock (Gate)
        {
            if (timestamp > _now)
            {
                Volatile.Write(ref _now, timestamp);
            }
        }
    }

    private static bool Before(VirtualTimer a, VirtualTimer b) => a.DueAt < b.DueAt || (a.DueAt == b.DueAt && a.Sequence < b.Sequence);

    private void SiftUp(int index)
    {
        var timer = _heap[index]!;
        while (index > 0)
        {
            var parentIndex = (index - 1) / 2;
            var parent = _heap[parentIndex]!;
            if (!Before(timer, parent))
            {
                break;
            }

            _heap[index] = parent;
            parent.HeapIndex = index;
            index = parentIndex;
        }

        _heap[index] = timer;
        timer.HeapIndex = index;
    }

    private void SiftDown(int index)
    {
        var timer = _heap[index]!;
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= _heapCount)
            {
                break;
            }

            if (child + 1 < _heapCount && Before(_heap[child + 1]!, _heap[child]!))
            {
                child++;
            }

            var smaller = _heap[child]!;
            if (!Before(smaller, timer))
            {
                break;
            }

            _heap[index] = smaller;
            smaller.HeapIndex = index;
            index = child;
        }

        _heap[index] = timer;
        timer.HeapIndex = index;
    }
}
