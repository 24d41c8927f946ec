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

    /// <summary>Adds without overflowing past <see cref="long.MaxValue"/>.</summary>
    public static long SaturatingAdd(long value, long delta)
    {
        var sum = unchecked(value + delta);
        return delta > 0 && sum < value ? long.MaxValue : sum;
    }
}
