using SynAck.Drill.Matching;

namespace SynAck.Drill.Tests.Matching;

public sealed class TimestampNumberingTests
{
    [Fact]
    public void An_echo_reply_of_a_script_value_becomes_the_value_the_stack_sent_for_it()
    {
        var timestamps = new TimestampNumbering();
        timestamps.RecordOutbound(scriptValue: 100, valueIgnored: false, liveValue: 5000);
        timestamps.RecordOutbound(scriptValue: 200, valueIgnored: false, liveValue: 5100);

        Assert.True(timestamps.TryInboundEchoReply(100, out var first));
        Assert.True(timestamps.TryInboundEchoReply(200, out var second));
        Assert.Equal((5000u, 5100u), (first, second));
        Assert.False(timestamps.TryInboundEchoReply(150, out _));
    }

    [Fact]
    public void Outbound_values_are_shown_relative_to_the_first_one_seen()
    {
        var timestamps = new TimestampNumbering();
        Assert.Equal(4321u, timestamps.OutboundValue(4321));

        timestamps.RecordOutbound(scriptValue: 100, valueIgnored: false, liveValue: uint.MaxValue - 5);

        Assert.Equal(116u, timestamps.OutboundValue(10));
    }

    [Fact]
    public void An_ignored_value_sets_the_baseline_but_records_no_mapping()
    {
        var timestamps = new TimestampNumbering();
        timestamps.RecordOutbound(scriptValue: 0, valueIgnored: true, liveValue: 7000);

        Assert.False(timestamps.TryInboundEchoReply(0, out _));
        Assert.Equal(10u, timestamps.OutboundValue(7010));
    }
}
