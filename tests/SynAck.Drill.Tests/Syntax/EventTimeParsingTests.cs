using SynAck.Drill.Syntax;

namespace SynAck.Drill.Tests.Syntax;

public sealed class EventTimeParsingTests
{
    private static EventTime TimeOf(string line) => Parse.Event(line).Time;

    [Theory]
    [InlineData("0.100 > . 1:1(0) ack 1", EventTimeKind.Absolute, 100_000, 100_000)]
    [InlineData("2 > . 1:1(0) ack 1", EventTimeKind.Absolute, 2_000_000, 2_000_000)]
    [InlineData("+0.05 > . 1:1(0) ack 1", EventTimeKind.Relative, 50_000, 50_000)]
    [InlineData("0.1~0.25 > . 1:1(0) ack 1", EventTimeKind.AbsoluteRange, 100_000, 250_000)]
    [InlineData("+0~+0.1 > . 1:1(0) ack 1", EventTimeKind.RelativeRange, 0, 100_000)]
    [InlineData("* > . 1:1(0) ack 1", EventTimeKind.Any, 0, 0)]
    [InlineData(".5 > . 1:1(0) ack 1", EventTimeKind.Absolute, 500_000, 500_000)]
    public void Each_time_form_parses_to_its_kind_in_microseconds(string line, EventTimeKind kind, long startMicros, long endMicros)
    {
        Assert.Equal(new EventTime(kind, TimeSpan.FromMicroseconds(startMicros), TimeSpan.FromMicroseconds(endMicros)), TimeOf(line));
    }

    [Fact]
    public void Digits_beyond_the_microsecond_are_dropped_as_packetdrill_drops_them()
    {
        Assert.Equal(TimeSpan.FromMicroseconds(1_234_567), TimeOf("1.2345678 close(3) = 0").Start);
    }

    [Theory]
    [InlineData("0.000000", "0.000000")]
    [InlineData("+1.5", "+1.500000")]
    [InlineData("0.1~0.2", "0.100000~0.200000")]
    [InlineData("+0~+0.1", "+0.000000~+0.100000")]
    public void A_time_prints_back_in_script_syntax(string written, string printed)
    {
        Assert.Equal(printed, TimeOf(written + " > . 1:1(0) ack 1").ToString());
    }

    [Fact]
    public void A_backwards_range_is_an_error()
    {
        var error = Parse.Error("0.2~0.1 > . 1:1(0) ack 1");

        Assert.Equal(ScriptErrorKind.InvalidTime, error.Kind);
        Assert.Contains("backwards", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_time_is_an_error()
    {
        Assert.Equal(ScriptErrorKind.InvalidTime, Parse.Error("-1 close(3) = 0").Kind);
    }

    [Theory]
    [InlineData("* close(3) = 0")]
    [InlineData("0~1 < S 0:0(0) win 1")]
    [InlineData("+0~+1 `true`")]
    public void Ranges_and_any_time_are_only_for_outbound_packets(string line)
    {
        Assert.Equal(ScriptErrorKind.TimeNotAllowed, Parse.Error(line).Kind);
    }

    [Fact]
    public void A_relative_range_needs_a_plus_on_both_ends()
    {
        var error = Parse.Error("+0~0.1 > . 1:1(0) ack 1");

        Assert.Equal(ScriptErrorKind.UnexpectedToken, error.Kind);
        Assert.Equal(new SourceLocation(1, 4), error.Location);
        Assert.Contains("expected '+'", error.Message, StringComparison.Ordinal);
    }
}
