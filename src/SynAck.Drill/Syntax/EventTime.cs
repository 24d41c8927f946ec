using System.Globalization;

namespace SynAck.Drill.Syntax;

/// <summary>How an event's time is written.</summary>
public enum EventTimeKind
{
    /// <summary>No time: the init and cleanup commands.</summary>
    None,

    /// <summary><c>0.100</c>: seconds since the script started.</summary>
    Absolute,

    /// <summary><c>+0.100</c>: seconds after the previous event happened.</summary>
    Relative,

    /// <summary><c>0.1~0.2</c>: an outbound packet anywhere in this absolute range.</summary>
    AbsoluteRange,

    /// <summary><c>+0.1~+0.2</c>: an outbound packet anywhere in this range after the previous event.</summary>
    RelativeRange,

    /// <summary><c>*</c>: an outbound packet at any time.</summary>
    Any,
}

/// <summary>
/// An event's time as the script writes it. Times are kept to the microsecond, as packetdrill
/// keeps them (digits beyond the sixth decimal are dropped).
/// </summary>
/// <param name="Kind">How the time is written.</param>
/// <param name="Start">The time, or the start of a range (zero for <see cref="EventTimeKind.Any"/>).</param>
/// <param name="End">The end of a range; equal to <paramref name="Start"/> when there is no range.</param>
public readonly record struct EventTime(EventTimeKind Kind, TimeSpan Start, TimeSpan End)
{
    /// <summary>No time (init and cleanup commands).</summary>
    public static EventTime None => default;

    /// <summary>An absolute time.</summary>
    /// <param name="time">Time since the script started.</param>
    public static EventTime At(TimeSpan time) => new(EventTimeKind.Absolute, time, time);

    /// <summary>A time relative to the previous event.</summary>
    /// <param name="delay">Time after the previous event.</param>
    public static EventTime After(TimeSpan delay) => new(EventTimeKind.Relative, delay, delay);

    /// <summary>Whether the time is relative to the previous event.</summary>
    public bool IsRelative => Kind is EventTimeKind.Relative or EventTimeKind.RelativeRange;

    /// <summary>Whether the time is a range (or <c>*</c>), which only outbound packets may use.</summary>
    public bool IsRangeOrAny => Kind is EventTimeKind.AbsoluteRange or EventTimeKind.RelativeRange or EventTimeKind.Any;

    /// <summary>The time in script syntax: <c>0.100</c>, <c>+0.100</c>, <c>0.1~0.2</c>, <c>+0.1~+0.2</c> or <c>*</c>.</summary>
    public override string ToString() => Kind switch
    {
        EventTimeKind.None => string.Empty,
        EventTimeKind.Absolute => Seconds(Start),
        EventTimeKind.Relative => "+" + Seconds(Start),
        EventTimeKind.AbsoluteRange => Seconds(Start) + "~" + Seconds(End),
        EventTimeKind.RelativeRange => "+" + Seconds(Start) + "~+" + Seconds(End),
        EventTimeKind.Any => "*",
        _ => Kind.ToString(),
    };

    /// <summary>Seconds with six decimals, the way packetdrill prints times.</summary>
    /// <param name="time">The time to print.</param>
    public static string Seconds(TimeSpan time)
    {
        var micros = time.Ticks / TimeSpan.TicksPerMicrosecond;
        var sign = micros < 0 ? "-" : string.Empty;
        micros = Math.Abs(micros);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }
}
