using SynAck.Drill.Syntax;

namespace SynAck.Drill.Matching;

/// <summary>A span of script time, both ends included.</summary>
/// <param name="Earliest">The first accepted time.</param>
/// <param name="Latest">The last accepted time.</param>
public readonly record struct TimeWindow(TimeSpan Earliest, TimeSpan Latest)
{
    /// <summary>Any time at all (the <c>*</c> time).</summary>
    public static TimeWindow Always => new(TimeSpan.MinValue, TimeSpan.MaxValue);

    /// <summary>Whether <paramref name="time"/> falls in the window.</summary>
    /// <param name="time">A script time.</param>
    public bool Contains(TimeSpan time) => time >= Earliest && time <= Latest;

    /// <summary>"0.096000~0.104000", or "any time".</summary>
    public override string ToString() => this == Always ? "any time" : EventTime.Seconds(Earliest) + "~" + EventTime.Seconds(Latest);
}

/// <summary>
/// packetdrill's timing rules. Script time starts at 0 with the script. An absolute time counts
/// from there; a relative time (<c>+0.1</c>) counts from when the previous event actually
/// happened (packetdrill reads the clock as it moves to the next event). The runner makes
/// inbound packets and system calls happen exactly when they are due; what the stack does (an
/// outbound packet, a blocking call returning) passes when it happens within the tolerance of
/// the due time, or of a range's ends.
/// </summary>
public static class EventTiming
{
    /// <summary>When an event is due, in script time.</summary>
    /// <param name="time">The event's time as written.</param>
    /// <param name="previousEventTime">When the previous event actually happened (0 for the first).</param>
    public static TimeSpan Due(EventTime time, TimeSpan previousEventTime) => time.Kind switch
    {
        EventTimeKind.Absolute or EventTimeKind.AbsoluteRange => time.Start,
        EventTimeKind.Relative or EventTimeKind.RelativeRange => previousEventTime + time.Start,
        _ => previousEventTime,
    };

    /// <summary>
    /// The window in which something the stack does at this event counts as on time: the due
    /// time (or range) widened by the tolerance on both sides; always, for <c>*</c>.
    /// </summary>
    /// <param name="time">The event's time as written.</param>
    /// <param name="previousEventTime">When the previous event actually happened.</param>
    /// <param name="tolerance">How far off a time may be.</param>
    public static TimeWindow Accepted(EventTime time, TimeSpan previousEventTime, TimeSpan tolerance)
    {
        var (start, end) = time.Kind switch
        {
            EventTimeKind.Any => (TimeSpan.MinValue, TimeSpan.MaxValue),
            EventTimeKind.AbsoluteRange => (time.Start, time.End),
            EventTimeKind.RelativeRange => (previousEventTime + time.Start, previousEventTime + time.End),
            _ => (Due(time, previousEventTime), Due(time, previousEventTime)),
        };
        return time.Kind == EventTimeKind.Any ? TimeWindow.Always : new TimeWindow(start - tolerance, end + tolerance);
    }

    /// <summary>
    /// The window in which a blocking call (<c>+0...0.1 accept(...)</c>) must return: its return time,
    /// in the same base as its start time, widened by the tolerance.
    /// </summary>
    /// <param name="call">The blocking call.</param>
    /// <param name="previousEventTime">When the event before the call actually happened.</param>
    /// <param name="tolerance">How far off the return may be.</param>
    public static TimeWindow BlockingReturn(SyscallEvent call, TimeSpan previousEventTime, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(call);
        var returnTime = call.ReturnTime ?? throw new ArgumentException("The call is not written as blocking ('...time').", nameof(call));
        var due = call.Time.IsRelative ? previousEventTime + returnTime : returnTime;
        return new TimeWindow(due - tolerance, due + tolerance);
    }

    /// <summary>
    /// The tolerance for an event <paramref name="interval"/> after the previous one: the fixed
    /// tolerance, or a percentage of the interval when that is larger (packetdrill's <c>--tolerance_percent</c>).
    /// </summary>
    /// <param name="tolerance">The fixed tolerance.</param>
    /// <param name="percent">The percentage of the interval, 0 for none.</param>
    /// <param name="interval">Script time between the previous event and this one.</param>
    public static TimeSpan Tolerance(TimeSpan tolerance, double percent, TimeSpan interval)
    {
        var dynamic = TimeSpan.FromTicks((long)(interval.Ticks * percent / 100));
        return dynamic > tolerance ? dynamic : tolerance;
    }
}
