using System.Buffers.Binary;
using System.Globalization;
using SynAck.Drill.Syntax;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Matching;

/// <summary>
/// Compares an outbound packet, already in script space (<see cref="ScriptSpace.MapOutbound"/>),
/// with the line that expected it, field by field as packetdrill does:
/// <list type="bullet">
/// <item>ECN only when the line names it (<c>[ect01]</c> accepts either ECT codepoint);</item>
/// <item>every flag bit exactly; the sequence number unless written <c>...(length)</c>;</item>
/// <item>the whole acknowledgment field, 0 when the line has no <c>ack</c>; the urgent pointer likewise;</item>
/// <item>the window only when the line has <c>win</c>;</item>
/// <item>options unless written <c>&lt;...&gt;</c>: the same kinds in the same order, EOL padding
/// included, each with the same value, except that a timestamp option's TSecr is never compared
/// and its TSval only when a timestamp tick is configured (<see cref="MatchSettings.TimestampTick"/>;
/// packetdrill's <c>--tcp_ts_tick_usecs</c>, off by default), within the tolerance;</item>
/// <item>the payload length.</item>
/// </list>
/// Timing is checked apart, by <see cref="EventTiming"/>.
/// </summary>
public static class SegmentMatcher
{
    /// <summary>Every way <paramref name="actual"/> differs from <paramref name="expected"/>; empty when it matches.</summary>
    /// <param name="expected">The outbound line.</param>
    /// <param name="actual">The packet the stack sent, mapped into script space.</param>
    /// <param name="settings">The tolerances.</param>
    public static IReadOnlyList<SegmentMismatch> Compare(TcpPacketSpec expected, ObservedSegment actual, MatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(settings);
        var mismatches = new List<SegmentMismatch>();
        if (expected.Ip?.Ecn is { } ecn && !EcnMatches(ecn, actual.Ecn))
        {
            mismatches.Add(new SegmentMismatch(SegmentField.Ecn, ScriptFormat.Ecn(ecn), SegmentFormat.Ecn(actual.Ecn)));
        }

        if (expected.Flags != actual.Flags)
        {
            mismatches.Add(new SegmentMismatch(SegmentField.Flags, ScriptFormat.Flags(expected.Flags), ScriptFormat.Flags(actual.Flags)));
        }

        if (!expected.Sequence.IsIgnored && expected.Sequence.Start != actual.SequenceNumber)
        {
            mismatches.Add(Number(SegmentField.SequenceNumber, expected.Sequence.Start, actual.SequenceNumber));
        }

        var ack = expected.Acknowledgment ?? 0;
        if (ack != actual.AcknowledgmentNumber)
        {
            mismatches.Add(Number(SegmentField.AcknowledgmentNumber, ack, actual.AcknowledgmentNumber));
        }

        if (expected.Window is { } window && window != actual.Window)
        {
            mismatches.Add(Number(SegmentField.Window, window, actual.Window));
        }

        var urgent = expected.UrgentPointer ?? 0;
        if (urgent != actual.UrgentPointer)
        {
            mismatches.Add(Number(SegmentField.UrgentPointer, urgent, actual.UrgentPointer));
        }

        if (!expected.AnyOptions && !OptionsMatch(expected.Options, actual.Options, settings))
        {
            mismatches.Add(new SegmentMismatch(SegmentField.Options, ScriptFormat.Options(expected.Options), SegmentFormat.Options(actual.Options)));
        }

        if (expected.PayloadLength != actual.PayloadLength)
        {
            mismatches.Add(Number(SegmentField.PayloadLength, (uint)expected.PayloadLength, (uint)actual.PayloadLength));
        }

        return mismatches;
    }

    private static SegmentMismatch Number(SegmentField field, uint expected, uint actual) =>
        new(field, expected.ToString(CultureInfo.InvariantCulture), actual.ToString(CultureInfo.InvariantCulture));

    private static bool EcnMatches(EcnExpectation expected, EcnCodepoint actual) => expected switch
    {
        EcnExpectation.NotEct => actual == EcnCodepoint.NotEct,
        EcnExpectation.Ect0 => actual == EcnCodepoint.Ect0,
        EcnExpectation.Ect1 => actual == EcnCodepoint.Ect1,
        EcnExpectation.Ce => actual == EcnCodepoint.Ce,
        EcnExpectation.Ect0OrEct1 => actual is EcnCodepoint.Ect0 or EcnCodepoint.Ect1,
        _ => false,
    };

    private static bool OptionsMatch(IReadOnlyList<TcpOptionSpec> expected, IReadOnlyList<ObservedOption> actual, MatchSettings settings)
    {
        if (expected.Count != actual.Count)
        {
            return false;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].Kind != actual[i].Kind || !OptionMatches(expected[i], actual[i].Data.Span, settings))
            {
                return false;
            }
        }

        return true;
    }

    private static bool OptionMatches(TcpOptionSpec expected, ReadOnlySpan<byte> data, MatchSettings settings)
    {
        switch (expected)
        {
            case EolOptionSpec or NopOptionSpec:
                return true;
            case TimestampOptionSpec ts:
                if (data.Length != 8)
                {
                    return false;
                }

                if (settings.TimestampTick <= TimeSpan.Zero || ts.ValueIgnored)
                {
                    return true;
                }

                // The deviation in ticks, times the tick, must stay within the tolerance.
                var drift = Math.Abs((long)unchecked((int)(BinaryPrimitives.ReadUInt32BigEndian(data) - ts.Value)));
                return drift * settings.TimestampTick.Ticks <= settings.Tolerance.Ticks;
            default:
                if (data.Length != expected.EncodedLength - 2)
                {
                    return false;
                }

                Span<byte> wire = stackalloc byte[TcpOptions.MaxEncodedLength];
                OptionBytes.Write(expected, wire);
                return data.SequenceEqual(wire[2..expected.EncodedLength]);
        }
    }
}

/// <summary>The tolerances of a comparison.</summary>
public sealed record MatchSettings
{
    /// <summary>packetdrill's default tolerance: 4 ms.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMilliseconds(4);

    /// <summary>How far a time (and a TSval, in ticks times <see cref="TimestampTick"/>) may be off. Default 4 ms (<c>--tolerance_usecs</c>).</summary>
    public TimeSpan Tolerance { get; init; } = DefaultTolerance;

    /// <summary>The time one TSval tick stands for, or zero (default) to leave TSvals unchecked (<c>--tcp_ts_tick_usecs</c>).</summary>
    public TimeSpan TimestampTick { get; init; }
}
