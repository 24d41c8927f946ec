using SynAck.Tcp.Recovery;
using static SynAck.Tcp.Tests.ControlBlock.Recovery.SackSender;

namespace SynAck.Tcp.Tests.ControlBlock.Recovery;

/// <summary>RACK loss detection (RFC 8985 §6): time-based, with a reordering window.</summary>
public class RackTests
{
    private static readonly TimeSpan QuarterMinRtt = RoundTrip / 4;

    [Fact]
    public void Rack_is_the_default_loss_detection()
    {
        Assert.Equal(LossDetection.Rack, TcpSettings.Default.LossDetection);
        Assert.True(TcpSettings.Default.Sack);
    }

    [Fact]
    public void Segment_sent_before_a_delivered_one_is_lost_only_after_the_reordering_window()
    {
        // RFC 8985 §6.2: lost when RACK.xmit_ts passed it and RACK.rtt + reo_wnd (min_RTT / 4,
        // §6.2 step 4) has elapsed since it was sent; the RACK timer (§6.3) waits for that.
        using var endpoint = Create(LossDetection.Rack, 10, out _);
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 0, (1, 2));
        Assert.Empty(Indices(endpoint.Drain()));
        Assert.Equal(QuarterMinRtt, endpoint.Tcb.ReorderingWindow);

        Assert.Empty(Indices(endpoint.Advance(QuarterMinRtt - TimeSpan.FromMilliseconds(1)).Select(s => s.Segment)));
        var sent = endpoint.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([0], Indices(sent.Select(s => s.Segment)));
        Assert.True(endpoint.Tcb.InFastRecovery);
        Assert.Equal(0, endpoint.Tcb.Counters.RetransmissionTimeouts);
    }

    [Fact]
    public void Reordered_segment_delivered_within_the_window_is_not_retransmitted()
    {
        // RFC 8985 §6.2: reordering inside reo_wnd costs no retransmission and no window reduction.
        using var endpoint = Create(LossDetection.Rack, 10, out _);
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 0, (1, 2));
        endpoint.Advance(QuarterMinRtt / 2);
        SackAck(endpoint, 2);
        var later = endpoint.Advance(TimeSpan.FromMilliseconds(30)).Select(s => s.Segment);
        Assert.DoesNotContain(0, Indices(later));
        Assert.False(endpoint.Tcb.InFastRecovery);
        Assert.Equal(int.MaxValue, endpoint.Tcb.SlowStartThreshold);
    }

    [Fact]
    public void Without_reordering_dupthresh_sacked_segments_make_the_window_zero()
    {
        // RFC 8985 §6.2 step 4: no reordering seen and DupThresh segments SACKed: reo_wnd = 0, so
        // the hole is lost at once.
        using var endpoint = Create(LossDetection.Rack, 10, out _);
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 0, (1, 2));
        SackAck(endpoint, 0, (1, 3));
        Assert.Empty(Indices(endpoint.Drain()));
        SackAck(endpoint, 0, (1, 4));
        Assert.Equal(TimeSpan.Zero, endpoint.Tcb.ReorderingWindow);
        Assert.Equal([0], Indices(endpoint.Drain()));
    }

    [Fact]
    public void Once_reordering_was_seen_the_window_stays_open_after_dupthresh_sacks()
    {
        // RFC 8985 §6.2 step 3: a segment delivered below RACK.fack without having been
        // retransmitted shows reordering; reo_wnd then stays min_RTT / 4.
        using var endpoint = Create(LossDetection.Rack, 10, out _);
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 0, (1, 2));
        SackAck(endpoint, 2);
        SackAck(endpoint, 2, (3, 4));
        SackAck(endpoint, 2, (3, 5));
        SackAck(endpoint, 2, (3, 6));
        Assert.Equal(QuarterMinRtt, endpoint.Tcb.ReorderingWindow);
        Assert.Empty(Indices(endpoint.Drain()));
    }

    [Fact]
    public void Dsack_widens_the_reordering_window()
    {
        // RFC 8985 §6.2 step 4: each round trip with a D-SACK adds min_RTT / 4 (reo_wnd_mult).
        using var endpoint = Create(LossDetection.Rack, 10, out _);
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 2);
        Assert.Equal(QuarterMinRtt, endpoint.Tcb.ReorderingWindow);
        SackAck(endpoint, 4, (0, 1));
        Assert.Equal(2 * QuarterMinRtt, endpoint.Tcb.ReorderingWindow);
        Assert.Equal(1, endpoint.Tcb.Counters.SpuriousRetransmissions);
    }

    [Fact]
    public void Lost_retransmission_is_detected_and_sent_again()
    {
        // RFC 8985 §6.2: a retransmission is timed like any segment; when data sent after it is
        // delivered and it is not, it is lost again.
        using var endpoint = Create(LossDetection.Rack, 10, out _);
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 0, (1, 10));
        Assert.Equal([0], Indices(endpoint.Drain()));
        endpoint.Tcb.Send(new byte[Mss]);
        Assert.Equal([10], Indices(endpoint.Drain()));
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 0, (10, 11), (1, 10));
        Assert.Equal([0], Indices(endpoint.Drain()));
        Assert.Equal(0, endpoint.Tcb.Counters.RetransmissionTimeouts);
    }
}
