using SynAck.Tcp.Congestion;

namespace SynAck.Tcp.Tests.Congestion;

/// <summary>CUBIC (RFC 9438) against the RFC's own formulas, written out here independently.</summary>
public class CubicTests
{
    private const int Smss = 1000;
    private const double RfcC = 0.4;
    private const double RfcBeta = 0.7;
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(10);

    /// <summary>CUBIC in congestion avoidance right after a loss at a window of <paramref name="segments"/>.</summary>
    private static Cubic AfterLossAt(int segments, bool fastConvergence = true)
    {
        var cc = new Cubic(hyStart: false, fastConvergence: fastConvergence);
        cc.Reset(Smss);
        cc.SetCongestionWindow(segments * Smss);
        cc.OnCongestionEvent(segments * Smss, Start);
        return cc;
    }

    // RFC 9438 §4.2 equations 1 and 2.
    private static double RfcK(double wMax, double cwndEpoch) => Math.Cbrt((wMax - cwndEpoch) / RfcC);

    private static double RfcWCubic(double t, double k, double wMax) => (RfcC * Math.Pow(t - k, 3)) + wMax;

    private static NewAck Ack(TimeSpan now, bool applicationLimited = false) => new()
    {
        BytesAcked = Smss,
        BytesInFlight = 50 * Smss,
        Now = now,
        SmoothedRtt = TimeSpan.FromMilliseconds(100),
        ApplicationLimited = applicationLimited,
    };

    [Fact]
    public void A_loss_multiplies_cwnd_by_beta_and_sets_ssthresh_to_the_result()
    {
        var cc = AfterLossAt(100);

        Assert.Equal(70 * Smss, cc.CongestionWindow);
        Assert.Equal(70 * Smss, cc.SlowStartThreshold);
        Assert.Equal(100, cc.MaxWindowSegments);
        Assert.False(cc.InSlowStart);
        Assert.Equal("cubic", cc.Name);
    }

    [Fact]
    public void A_loss_leaves_at_least_two_segments_and_an_ECN_Echo_at_least_one()
    {
        var loss = AfterLossAt(2);
        var ecn = new Cubic();
        ecn.Reset(Smss);
        ecn.SetCongestionWindow(Smss);

        ecn.OnCongestionEvent(Smss, Start, CongestionSignal.EcnEcho);

        Assert.Equal(2 * Smss, loss.CongestionWindow);
        Assert.Equal(Smss, ecn.CongestionWindow);
    }

    [Fact]
    public void K_is_the_time_the_cubic_function_needs_to_climb_back_to_W_max()
    {
        var cc = AfterLossAt(100);

        cc.OnAck(Ack(Start + TimeSpan.FromMilliseconds(1)));

        // K = cbrt((W_max - cwnd_epoch) / C) = cbrt(100 * (1 - 0.7) / 0.4) ≈ 4.217 s.
        Assert.Equal(RfcK(100, 70), cc.TimeToMaxWindow.TotalSeconds, 6);
        Assert.Equal(Start + TimeSpan.FromMilliseconds(1), cc.EpochStart);
    }

    [Fact]
    public void The_window_after_a_loss_follows_W_cubic_of_t_within_one_segment()
    {
        // Large windows at 100 ms RTT: CUBIC's own region, far above the Reno estimate.
        var cc = AfterLossAt(1000);
        var flow = new AckClockedFlow(cc, Start);
        var rtt = TimeSpan.FromMilliseconds(100);
        var k = RfcK(1000, 700);
        var checkedAt = new List<double>();

        for (var round = 1; round <= 150; round++)
        {
            flow.Round(rtt);
            if (round is 10 or 30 or 60 or 91 or 120 or 150)
            {
                var t = (flow.Now - cc.EpochStart!.Value).TotalSeconds;
                var expected = RfcWCubic(t, k, 1000);
                Assert.InRange(flow.WindowSegments, expected - 1, expected + 1);
                checkedAt.Add(t);
            }
        }

        // Concave (below W_max, t < K), plateau (t ≈ K) and convex (above W_max) were all checked.
        Assert.Contains(checkedAt, t => t < k - 2);
        Assert.Contains(checkedAt, t => Math.Abs(t - k) < 0.2);
        Assert.Contains(checkedAt, t => t > k + 4);
        Assert.True(flow.WindowSegments > 1000);
    }

    [Fact]
    public void Fast_convergence_lowers_W_max_when_the_window_shrank_since_the_last_loss()
    {
        var cc = AfterLossAt(100);
        cc.SetCongestionWindow(80 * Smss);

        cc.OnCongestionEvent(80 * Smss, Start);

        // RFC 9438 §4.7: W_max = cwnd * (1 + β) / 2 when cwnd < W_max.
        Assert.Equal(80 * (1 + RfcBeta) / 2, cc.MaxWindowSegments, 9);
        Assert.Equal(56 * Smss, cc.CongestionWindow);
    }

    [Fact]
    public void Without_fast_convergence_or_with_a_larger_window_W_max_is_cwnd()
    {
        var plain = AfterLossAt(100, fastConvergence: false);
        plain.SetCongestionWindow(80 * Smss);
        var grown = AfterLossAt(100);
        grown.SetCongestionWindow(120 * Smss);

        plain.OnCongestionEvent(80 * Smss, Start);
        grown.OnCongestionEvent(120 * Smss, Start);

        Assert.Equal(80, plain.MaxWindowSegments);
        Assert.Equal(120, grown.MaxWindowSegments);
    }

    [Fact]
    public void At_small_RTTs_the_Reno_friendly_estimate_takes_over_and_grows_by_alpha_per_round()
    {
        var cc = AfterLossAt(100);
        var flow = new AckClockedFlow(cc, Start);
        var rtt = TimeSpan.FromMilliseconds(1);
        var alpha = 3 * (1 - RfcBeta) / (1 + RfcBeta);

        for (var round = 0; round < 40; round++)
        {
            flow.Round(rtt);
        }

        // RFC 9438 §4.3: W_est = cwnd_epoch + α per round of ACKs (one cwnd acknowledged per round).
        var t = (flow.Now - cc.EpochStart!.Value).TotalSeconds;
        var renoEstimate = 70 + (alpha * 40);
        Assert.InRange(flow.WindowSegments, renoEstimate - 1, renoEstimate + 1);
        Assert.True(flow.WindowSegments > RfcWCubic(t, RfcK(100, 70), 100) + 10);
    }

    [Fact]
    public void The_Reno_friendly_estimate_grows_one_segment_per_round_once_it_passes_the_window_before_the_loss()
    {
        var cc = AfterLossAt(100);
        var flow = new AckClockedFlow(cc, Start);
        var rtt = TimeSpan.FromMilliseconds(1);
        var alpha = 3 * (1 - RfcBeta) / (1 + RfcBeta);
        var roundsToPrior = (int)Math.Ceiling(30 / alpha); // W_est reaches cwnd_prior = 100

        for (var round = 0; round < roundsToPrior + 20; round++)
        {
            flow.Round(rtt);
        }

        var before = flow.WindowSegments;
        for (var round = 0; round < 10; round++)
        {
            flow.Round(rtt);
        }

        Assert.InRange(flow.WindowSegments - before, 9.5, 10.5);
    }

    [Fact]
    public void The_target_one_RTT_ahead_is_capped_at_one_and_a_half_times_cwnd()
    {
        // A 10 s RTT puts W_cubic(t + RTT) far above 1.5 cwnd from the start.
        var cc = AfterLossAt(100);
        var flow = new AckClockedFlow(cc, Start);

        flow.Round(TimeSpan.FromSeconds(10));

        Assert.InRange(flow.WindowSegments, 1.45 * 70, (1.5 * 70) + 1);
    }

    [Fact]
    public void Application_limited_ACKs_neither_grow_the_window_nor_count_as_time_in_the_epoch()
    {
        var cc = AfterLossAt(100);
        cc.OnAck(Ack(Start));
        var window = cc.CongestionWindow;

        for (var i = 1; i <= 50; i++)
        {
            cc.OnAck(Ack(Start + TimeSpan.FromMilliseconds(100 * i), applicationLimited: true));
        }

        Assert.Equal(window, cc.CongestionWindow);
        Assert.Equal(Start + TimeSpan.FromSeconds(5), cc.EpochStart);
    }

    [Fact]
    public void An_idle_period_moves_the_epoch_and_one_longer_than_the_RTO_restarts_from_the_initial_window()
    {
        var cc = AfterLossAt(100);
        cc.OnAck(Ack(Start));

        cc.OnIdleRestart(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1));
        Assert.Equal(Start + TimeSpan.FromMilliseconds(300), cc.EpochStart);
        Assert.True(cc.CongestionWindow >= 70 * Smss);

        cc.OnIdleRestart(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        Assert.Equal(10 * Smss, cc.CongestionWindow);
        Assert.True(cc.SlowStartThreshold >= 52 * Smss);
        Assert.Null(cc.EpochStart);
    }

    [Fact]
    public void A_timeout_sets_ssthresh_by_beta_and_cwnd_to_one_segment_and_a_repeat_keeps_ssthresh()
    {
        var cc = new Cubic(hyStart: false);
        cc.Reset(Smss);
        cc.SetCongestionWindow(100 * Smss);

        cc.OnRetransmissionTimeout(100 * Smss);
        Assert.Equal(Smss, cc.CongestionWindow);
        Assert.Equal(70 * Smss, cc.SlowStartThreshold);

        cc.OnRetransmissionTimeout(Smss);
        Assert.Equal(70 * Smss, cc.SlowStartThreshold);
    }

    [Fact]
    public void After_a_timeout_the_first_epoch_starts_with_K_zero_and_W_max_at_its_starting_window()
    {
        var cc = AfterLossAt(100);
        cc.OnRetransmissionTimeout(70 * Smss);
        var flow = new AckClockedFlow(cc, Start);

        while (cc.InSlowStart)
        {
            flow.Round(TimeSpan.FromMilliseconds(100));
        }

        flow.Round(TimeSpan.FromMilliseconds(100));

        // RFC 9438 §4.8: K = 0 and W_max = cwnd at the beginning of the stage (49 segments, not 100).
        Assert.Equal(TimeSpan.Zero, cc.TimeToMaxWindow);
        Assert.Equal(49, cc.MaxWindowSegments);
    }

    [Fact]
    public void Undo_after_a_spurious_loss_restores_cwnd_ssthresh_and_W_max()
    {
        var cc = AfterLossAt(100);
        cc.SetCongestionWindow(80 * Smss);
        cc.OnCongestionEvent(80 * Smss, Start);

        Assert.True(cc.UndoCongestionEvent());

        Assert.Equal(80 * Smss, cc.CongestionWindow);
        Assert.Equal(70 * Smss, cc.SlowStartThreshold);
        Assert.Equal(100, cc.MaxWindowSegments);
        Assert.False(cc.UndoCongestionEvent());
    }

    [Fact]
    public void Undo_after_a_spurious_timeout_restores_the_window()
    {
        var cc = AfterLossAt(100);
        cc.OnRetransmissionTimeout(70 * Smss);

        Assert.True(cc.UndoCongestionEvent());

        Assert.Equal(70 * Smss, cc.CongestionWindow);
        Assert.Equal(100, cc.MaxWindowSegments);
    }

    [Fact]
    public void Invalid_arguments_are_caller_errors()
    {
        var cc = new Cubic();

        Assert.Throws<ArgumentOutOfRangeException>(() => cc.Reset(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cc.SetCongestionWindow(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cc.OnAck(new NewAck { BytesAcked = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Cubic(0));
    }
}
