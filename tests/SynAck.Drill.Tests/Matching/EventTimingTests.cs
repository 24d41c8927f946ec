using SynAck.Drill.Matching;
using SynAck.Drill.Tests.Syntax;

namespace SynAck.Drill.Tests.Matching;

public sealed class EventTimingTests
{
    private static readonly TimeSpan Previous = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(50);

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Theory]
    [InlineData("0.100", 100)]
    [InlineData("+0.100", 400)]
    [InlineData("0.1~0.2", 100)]
    [InlineData("+0.1~+0.2", 400)]
    [InlineData("*", 300)]
    public void An_event_is_due_at_its_absolute_time_or_after_the_previous_event(string time, double dueMs)
    {
        Assert.Equal(Ms(dueMs), EventTiming.Due(Parse.Event(time + " > . 1:1(0) ack 1").Time, Previous));
    }

    [Theory]
    [InlineData("0.100", 50, 150)]
    [InlineData("+0.100", 350, 450)]
    [InlineData("0.1~0.2", 50, 250)]
    [InlineData("+0.1~+0.2", 350, 550)]
    public void What_the_stack_does_is_on_time_within_the_tolerance_of_the_due_time_or_range(string time, double earliestMs, double latestMs)
    {
        var window = EventTiming.Accepted(Parse.Event(time + " > . 1:1(0) ack 1").Time, Previous, Tolerance);

        Assert.Equal(new TimeWindow(Ms(earliestMs), Ms(latestMs)), window);
        Assert.True(window.Contains(Ms(earliestMs)) && window.Contains(Ms(latestMs)));
        Assert.False(window.Contains(Ms(earliestMs) - TimeSpan.FromTicks(1)) || window.Contains(Ms(latestMs) + TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Any_time_accepts_every_time()
    {
        var window = EventTiming.Accepted(Parse.Event("* > . 1:1(0) ack 1").Time, Previous, Tolerance);

        Assert.Equal(TimeWindow.Always, window);
        Assert.True(window.Contains(TimeSpan.Zero) && window.Contains(TimeSpan.FromDays(1)));
        Assert.Equal("any time", window.ToString());
    }

    [Theory]
    [InlineData("+0...0.1", 350, 450)]
    [InlineData("0.2...0.5", 450, 550)]
    public void A_blocking_call_must_return_at_its_return_time_in_the_base_of_its_start(string time, double earliestMs, double latestMs)
    {
        var call = Parse.Syscall(time + " accept(3, ..., ...) = 4");

        Assert.Equal(new TimeWindow(Ms(earliestMs), Ms(latestMs)), EventTiming.BlockingReturn(call, Previous, Tolerance));
    }

    [Fact]
    public void A_call_that_does_not_block_has_no_return_window()
    {
        Assert.Throws<ArgumentException>(() => EventTiming.BlockingReturn(Parse.Syscall("0 close(3) = 0"), Previous, Tolerance));
    }

    [Theory]
    [InlineData(0, 1000, 50)]
    [InlineData(10, 100, 50)]
    [InlineData(10, 1000, 100)]
    public void A_tolerance_percentage_widens_the_tolerance_for_long_intervals(double percent, double intervalMs, double toleranceMs)
    {
        Assert.Equal(Ms(toleranceMs), EventTiming.Tolerance(Tolerance, percent, Ms(intervalMs)));
    }

    [Fact]
    public void A_window_prints_its_ends_in_seconds()
    {
        Assert.Equal("0.050000~0.150000", new TimeWindow(Ms(50), Ms(150)).ToString());
    }
}
