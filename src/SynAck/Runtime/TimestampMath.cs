namespace SynAck.Runtime;

/// <summary>Exact conversions between <see cref="TimeProvider"/> timestamps and time spans.</summary>
internal static class TimestampMath
{
    /// <summary>The longest due time handed to a timer; longer waits are re-armed on expiry.</summary>
    public static readonly TimeSpan MaxTimerDueTime = TimeSpan.FromDays(30);

    /// <summary>Converts a timestamp difference to a time span, rounding up to whole 100 ns ticks.</summary>
    public static TimeSpan ToTimeSpanCeiling(long timestampDelta, long frequency)
    {
        if (timestampDelta <= 0)
        {
            return TimeSpan.Zero;
        }

        if (frequency == TimeSpan.TicksPerSecond)
        {
            return new TimeSpan(timestampDelta);
        }

        var ticks = (((Int128)timestampDelta * TimeSpan.TicksPerSecond) + frequency - 1) / frequency;
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : new TimeSpan((long)ticks);
    }

    /// <summary>Converts a timestamp difference to a time span, rounding down to whole 100 ns ticks.</summary>
    public static TimeSpan ToTimeSpanFloor(long timestampDelta, long frequency)
    {
        if (frequency == TimeSpan.TicksPerSecond)
        {
            return new TimeSpan(timestampDelta);
        }

        var ticks = (Int128)timestampDelta * TimeSpan.TicksPerSecond / frequency;
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue
            : ticks <= TimeSpan.MinValue.Ticks ? TimeSpan.MinValue
            : new TimeSpan((long)ticks);
    }

    /// <summary>Converts a time span to a timestamp difference, rounding up.</summary>
    public static long ToTimestampDelta(TimeSpan span, long frequency)
    {
        if (frequency == TimeSpan.TicksPerSecond)
        {
            return span.Ticks;
        }

        var delta = (((Int128)span.Ticks * frequency) + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        return delta >= long.MaxValue ? long.MaxValue : delta <= long.MinValue ? long.MinValue : (long)delta;
    }

    /// <summary>
    /// Makes a due time fit for a timer of <paramref name="time"/>: at most
    /// <see cref="MaxTimerDueTime"/>, and for the system clock, whose timers count whole
    /// milliseconds and truncate, rounded up to a whole millisecond so the timer never fires
    /// before the deadline and is never re-armed for a fraction of a millisecond in a spin.
    /// </summary>
    public static TimeSpan FitTimerDueTime(TimeSpan due, TimeProvider time)
    {
        if (due <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        if (due > MaxTimerDueTime)
        {
            return MaxTimerDueTime;
        }

        if (ReferenceEquals(time, TimeProvider.System) && due.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            return new TimeSpan(((due.Ticks / TimeSpan.TicksPerMillisecond) + 1) * TimeSpan.TicksPerMillisecond);
        }

        return due;
    }

    /// <summary>Adds without overflowing past <see cref="long.MaxValue"/>.</summary>
    public static long SaturatingAdd(long value, long delta)
    {
        var sum = unchecked(value + delta);
        return delta > 0 && sum < value ? long.MaxValue : sum;
    }
}
