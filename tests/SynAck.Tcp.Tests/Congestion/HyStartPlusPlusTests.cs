using SynAck.Tcp.Congestion;

namespace SynAck.Tcp.Tests.Congestion;

/// <summary>HyStart++ (RFC 9406) in CUBIC's initial slow start, driven round by round.</summary>
public class HyStartPlusPlusTests
{
    private const int Smss = 1000;
    private static readonly TimeSpan BaseRtt = TimeSpan.FromMilliseconds(100);

    // RFC 9406 §4.2: RttThresh = max(4 ms, min(lastRoundMinRTT / 8, 16 ms)); 12.5 ms for a 100 ms RTT.
    private static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(12.5);

    private static (Cubic Cc, AckClockedFlow Flow) SlowStart(int rounds = 3, TimeSpan? rtt = null)
    {
        var cc = new Cubic();
        cc.Reset(Smss);
        var flow = new AckClockedFlow(cc, TimeSpan.FromSeconds(1));
        for (var i = 0; i < rounds; i++)
        {
            flow.Round(rtt ?? BaseRtt);
        }

        return (cc, flow);
    }

    [Fact]
    public void Slow_start_with_HyStart_grows_one_segment_per_segment_acknowledged()
    {
        var (cc, flow) = SlowStart();

        Assert.Equal((10 + flow.AcknowledgedSegments) * Smss, cc.CongestionWindow);
        Assert.True(flow.AcknowledgedSegments > 60);
        Assert.Equal(HyStartPhase.SlowStart, cc.HyStartPhase);
        Assert.True(cc.InSlowStart);
    }

    [Fact]
    public void Slow_start_with_HyStart_counts_at_most_eight_segments_of_one_ACK()
    {
        var cc = new Cubic();
        cc.Reset(Smss);

        cc.OnAck(new NewAck { BytesAcked = 10 * Smss, BytesInFlight = 10 * Smss, Now = TimeSpan.FromSeconds(1), SndUna = 10_000u, SndNxt = 10_000u });

        // RFC 9406 §4.2: cwnd += min(N, L * SMSS) with L = 8 for a sender that does not pace.
        Assert.Equal(18 * Smss, cc.CongestionWindow);
    }

    [Fact]
    public void An_RTT_rise_just_below_the_threshold_keeps_slow_start()
    {
        var (cc, flow) = SlowStart();

        flow.Round(BaseRtt + Threshold - TimeSpan.FromMilliseconds(0.1));

        Assert.Equal(HyStartPhase.SlowStart, cc.HyStartPhase);
    }

    [Fact]
    public void An_RTT_rise_by_the_threshold_leaves_slow_start_for_CSS()
    {
        var (cc, flow) = SlowStart();

        flow.Round(BaseRtt + Threshold);

        Assert.Equal(HyStartPhase.ConservativeSlowStart, cc.HyStartPhase);
        Assert.True(cc.InSlowStart); // ssthresh is still unset: CSS is a slow start
    }

    [Theory]
    [InlineData(10, 4)] // 10 ms / 8 is below MIN_RTT_THRESH
    [InlineData(200, 16)] // 200 ms / 8 is above MAX_RTT_THRESH
    public void The_RTT_threshold_is_clamped_between_4_and_16_ms(int baseMs, int thresholdMs)
    {
        var baseRtt = TimeSpan.FromMilliseconds(baseMs);
        var (below, belowFlow) = SlowStart(rtt: baseRtt);
        var (at, atFlow) = SlowStart(rtt: baseRtt);

        belowFlow.Round(baseRtt + TimeSpan.FromMilliseconds(thresholdMs - 0.1));
        atFlow.Round(baseRtt + TimeSpan.FromMilliseconds(thresholdMs));

        Assert.Equal(HyStartPhase.SlowStart, below.HyStartPhase);
        Assert.Equal(HyStartPhase.ConservativeSlowStart, at.HyStartPhase);
    }

    [Fact]
    public void A_round_with_fewer_than_eight_RTT_samples_does_not_end_slow_start()
    {
        var (cc, flow) = SlowStart();

        flow.Round(BaseRtt + (2 * Threshold), rttSamples: HyStartPlusPlus.RttSamplesPerRound - 1);

        Assert.Equal(HyStartPhase.SlowStart, cc.HyStartPhase);
    }

    [Fact]
    public void CSS_grows_the_window_by_a_quarter_of_slow_start()
    {
        var (cc, flow) = SlowStart();
        flow.Round(BaseRtt + Threshold);
        Assert.Equal(HyStartPhase.ConservativeSlowStart, cc.HyStartPhase);
        var before = cc.CongestionWindow;
        var acked = flow.AcknowledgedSegments;

        flow.Round(BaseRtt + Threshold);

        // RFC 9406 §4.2: cwnd += min(N, L * SMSS) / CSS_GROWTH_DIVISOR, a quarter segment per segment here.
        Assert.Equal(HyStartPhase.ConservativeSlowStart, cc.HyStartPhase);
        Assert.Equal((flow.AcknowledgedSegments - acked) * Smss / 4, cc.CongestionWindow - before);
    }

    [Fact]
    public void CSS_returns_to_slow_start_when_the_RTT_drops_below_the_baseline()
    {
        var (cc, flow) = SlowStart();
        flow.Round(BaseRtt + Threshold);

        flow.Round(BaseRtt);

        Assert.Equal(HyStartPhase.SlowStart, cc.HyStartPhase);
        Assert.True(cc.InSlowStart);
    }

    [Fact]
    public void CSS_enters_congestion_avoidance_after_five_rounds_counting_the_partial_first()
    {
        var (cc, flow) = SlowStart();
        flow.Round(BaseRtt + Threshold); // CSS begins after 8 samples of this round: round 1 of 5

        for (var round = 2; round <= HyStartPlusPlus.CssRounds; round++)
        {
            Assert.Equal(HyStartPhase.ConservativeSlowStart, cc.HyStartPhase);
            flow.Round(BaseRtt + Threshold);
        }

        Assert.Equal(HyStartPhase.Finished, cc.HyStartPhase);
        Assert.False(cc.InSlowStart);
        Assert.Equal(cc.CongestionWindow, cc.SlowStartThreshold);
    }

    [Fact]
    public void A_loss_during_slow_start_ends_HyStart()
    {
        var (cc, flow) = SlowStart();
        var window = cc.CongestionWindow;

        flow.Loss();

        Assert.Equal(HyStartPhase.Finished, cc.HyStartPhase);
        Assert.Equal((int)(window * 0.7), cc.SlowStartThreshold);
    }

    [Fact]
    public void Slow_start_after_a_timeout_is_standard_slow_start_without_HyStart()
    {
        var (cc, _) = SlowStart(rounds: 5);
        cc.OnRetransmissionTimeout(cc.CongestionWindow);
        var flow = new AckClockedFlow(cc, TimeSpan.FromSeconds(10));

        for (var round = 0; round < 4; round++)
        {
            flow.Round(BaseRtt);
        }

        flow.Round(BaseRtt + (2 * Threshold));
        flow.Round(BaseRtt + (2 * Threshold));

        // RFC 9406 §4.3: HyStart++ only in the initial slow start; afterwards one segment per segment acknowledged.
        Assert.Equal(HyStartPhase.Finished, cc.HyStartPhase);
        Assert.True(cc.InSlowStart);
        Assert.Equal((1 + flow.AcknowledgedSegments) * Smss, cc.CongestionWindow);
    }

    [Fact]
    public void Without_HyStart_an_RTT_rise_does_not_slow_the_slow_start()
    {
        var cc = new Cubic(hyStart: false);
        cc.Reset(Smss);
        var flow = new AckClockedFlow(cc, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
        {
            flow.Round(BaseRtt);
        }

        var before = cc.CongestionWindow;
        var acked = flow.AcknowledgedSegments;
        flow.Round(BaseRtt + (2 * Threshold));
        flow.Round(BaseRtt + (2 * Threshold));

        Assert.Equal(HyStartPhase.Finished, cc.HyStartPhase);
        Assert.Equal(before + ((flow.AcknowledgedSegments - acked) * Smss), cc.CongestionWindow);
    }

    [Fact]
    public void NewReno_can_use_HyStart_too_and_leaves_slow_start_after_CSS()
    {
        var cc = new NewReno(hyStart: true);
        cc.Reset(Smss);
        var flow = new AckClockedFlow(cc, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
        {
            flow.Round(BaseRtt);
        }

        flow.Round(BaseRtt + Threshold);
        Assert.Equal(HyStartPhase.ConservativeSlowStart, cc.HyStartPhase);
        for (var round = 2; round <= HyStartPlusPlus.CssRounds; round++)
        {
            flow.Round(BaseRtt + Threshold);
        }

        Assert.Equal(HyStartPhase.Finished, cc.HyStartPhase);
        Assert.False(cc.InSlowStart);
        Assert.Equal(cc.CongestionWindow, cc.SlowStartThreshold);
    }
}
