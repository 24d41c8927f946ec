using SynAck.Tcp.Congestion;

namespace SynAck.Tcp.Tests.Congestion;

public class NewRenoTests
{
    private const int Smss = 1000;
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(1);

    private static NewAck Ack(int bytesAcked, int bytesInFlight) => new() { BytesAcked = bytesAcked, BytesInFlight = bytesInFlight, Now = Now };

    private static NewReno Started(int cwnd = 10 * Smss, int ssthresh = int.MaxValue)
    {
        var cc = new NewReno();
        cc.Reset(Smss);
        if (ssthresh != int.MaxValue)
        {
            // A loss with FlightSize 2 * ssthresh sets ssthresh; then place cwnd where the test wants it.
            cc.OnCongestionEvent(2 * ssthresh, Now);
        }

        cc.SetCongestionWindow(cwnd);
        return cc;
    }

    /// <summary>One round trip: a full window is sent and acknowledged, <paramref name="segmentsPerAck"/> segments per ACK.</summary>
    private static void OneRoundTrip(NewReno cc, int segmentsPerAck = 1)
    {
        var inFlight = cc.CongestionWindow;
        while (inFlight > 0)
        {
            var acked = Math.Min(inFlight, segmentsPerAck * Smss);
            cc.OnAck(Ack(acked, inFlight));
            inFlight -= acked;
        }
    }

    [Fact]
    public void The_initial_window_is_ten_segments_and_ssthresh_arbitrarily_high()
    {
        var cc = new NewReno();

        cc.Reset(1460);

        Assert.Equal(14600, cc.CongestionWindow);
        Assert.Equal(int.MaxValue, cc.SlowStartThreshold);
        Assert.True(cc.InSlowStart);
        Assert.Equal("newreno", cc.Name);
    }

    [Fact]
    public void The_initial_window_stays_ten_segments_for_a_large_MSS_as_on_Linux()
    {
        var cc = new NewReno();

        cc.Reset(9000);

        Assert.Equal(90_000, cc.CongestionWindow);
    }

    [Fact]
    public void The_initial_window_is_one_segment_when_the_SYN_or_SYN_ACK_was_retransmitted()
    {
        var cc = new NewReno();

        cc.Reset(1460, handshakeRetransmitted: true);

        Assert.Equal(1460, cc.CongestionWindow);
    }

    [Fact]
    public void The_initial_window_in_segments_is_a_setting()
    {
        var cc = new NewReno(initialWindowSegments: 4);

        cc.Reset(1000);

        Assert.Equal(4000, cc.CongestionWindow);
    }

    [Fact]
    public void Slow_start_doubles_the_window_every_round_trip()
    {
        var cc = Started();

        OneRoundTrip(cc);
        Assert.Equal(20 * Smss, cc.CongestionWindow);
        OneRoundTrip(cc);
        Assert.Equal(40 * Smss, cc.CongestionWindow);
    }

    [Fact]
    public void Slow_start_still_doubles_per_round_trip_when_every_ACK_covers_two_segments()
    {
        var cc = Started();

        OneRoundTrip(cc, segmentsPerAck: 2);

        Assert.Equal(20 * Smss, cc.CongestionWindow);
    }

    [Fact]
    public void Slow_start_counts_at_most_two_segments_per_ACK()
    {
        var cc = Started();

        cc.OnAck(Ack(5 * Smss, 10 * Smss));

        Assert.Equal(12 * Smss, cc.CongestionWindow); // RFC 3465: min(N, 2 * SMSS)
    }

    [Fact]
    public void Slow_start_grows_by_the_bytes_acknowledged_when_less_than_a_segment()
    {
        var cc = Started();

        cc.OnAck(Ack(300, 10 * Smss));

        Assert.Equal((10 * Smss) + 300, cc.CongestionWindow);
    }

    [Fact]
    public void Congestion_avoidance_adds_about_one_segment_per_round_trip()
    {
        var cc = Started(cwnd: 20 * Smss, ssthresh: 10 * Smss);
        Assert.False(cc.InSlowStart);

        OneRoundTrip(cc);
        Assert.Equal(21 * Smss, cc.CongestionWindow);
        for (var i = 0; i < 5; i++)
        {
            OneRoundTrip(cc);
        }

        Assert.InRange(cc.CongestionWindow, 25 * Smss, 26 * Smss);
    }

    [Fact]
    public void Congestion_avoidance_does_not_grow_before_a_full_window_is_acknowledged()
    {
        var cc = Started(cwnd: 20 * Smss, ssthresh: 10 * Smss);

        for (var i = 0; i < 19; i++)
        {
            cc.OnAck(Ack(Smss, 20 * Smss));
        }

        Assert.Equal(20 * Smss, cc.CongestionWindow);
        cc.OnAck(Ack(Smss, 20 * Smss));
        Assert.Equal(21 * Smss, cc.CongestionWindow);
    }

    [Fact]
    public void Slow_start_stops_at_ssthresh()
    {
        var cc = Started(cwnd: 9 * Smss, ssthresh: 10 * Smss);

        cc.OnAck(Ack(2 * Smss, 9 * Smss));

        Assert.Equal(10 * Smss, cc.CongestionWindow);
        Assert.False(cc.InSlowStart);
    }

    [Fact]
    public void A_loss_sets_ssthresh_to_half_the_flight_size()
    {
        var cc = Started(cwnd: 40 * Smss);

        cc.OnCongestionEvent(30 * Smss, Now);

        Assert.Equal(15 * Smss, cc.SlowStartThreshold);
        Assert.Equal(15 * Smss, cc.CongestionWindow);
    }

    [Fact]
    public void A_loss_never_sets_ssthresh_below_two_segments()
    {
        var cc = Started();

        cc.OnCongestionEvent(3 * Smss, Now);

        Assert.Equal(2 * Smss, cc.SlowStartThreshold);
    }

    [Fact]
    public void A_timeout_sets_ssthresh_from_the_flight_size_and_cwnd_to_one_segment()
    {
        var cc = Started(cwnd: 40 * Smss);

        cc.OnRetransmissionTimeout(40 * Smss);

        Assert.Equal(20 * Smss, cc.SlowStartThreshold);
        Assert.Equal(Smss, cc.CongestionWindow);
        Assert.True(cc.InSlowStart);
    }

    [Fact]
    public void A_repeated_timeout_of_the_same_segment_holds_ssthresh_constant()
    {
        var cc = Started(cwnd: 40 * Smss);
        cc.OnRetransmissionTimeout(40 * Smss);

        cc.OnRetransmissionTimeout(Smss); // only the resent segment is in flight now

        Assert.Equal(20 * Smss, cc.SlowStartThreshold);
        Assert.Equal(Smss, cc.CongestionWindow);
    }

    [Fact]
    public void A_timeout_after_ACKs_made_progress_sets_ssthresh_again()
    {
        var cc = Started(cwnd: 40 * Smss);
        cc.OnRetransmissionTimeout(40 * Smss);
        cc.OnAck(Ack(Smss, Smss));

        cc.OnRetransmissionTimeout(8 * Smss);

        Assert.Equal(4 * Smss, cc.SlowStartThreshold);
    }

    [Fact]
    public void After_an_idle_period_longer_than_the_RTO_cwnd_restarts_from_the_initial_window()
    {
        var cc = Started(cwnd: 40 * Smss, ssthresh: 20 * Smss);

        cc.OnIdleRestart(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));

        Assert.Equal(10 * Smss, cc.CongestionWindow);
        Assert.Equal(30 * Smss, cc.SlowStartThreshold); // three quarters of the old window, as Linux
    }

    [Fact]
    public void A_short_idle_period_leaves_the_window_alone()
    {
        var cc = Started(cwnd: 40 * Smss);

        cc.OnIdleRestart(TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(1));
        cc.OnIdleRestart(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)); // RFC 5681 §4.1: must exceed the RTO

        Assert.Equal(40 * Smss, cc.CongestionWindow);
    }

    [Fact]
    public void The_restart_window_never_raises_a_window_already_below_the_initial_one()
    {
        var cc = Started(cwnd: 3 * Smss, ssthresh: 8 * Smss);

        cc.OnIdleRestart(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));

        Assert.Equal(3 * Smss, cc.CongestionWindow);
        Assert.Equal(8 * Smss, cc.SlowStartThreshold);
    }

    [Fact]
    public void An_application_limited_ACK_does_not_grow_the_window_in_slow_start_or_avoidance()
    {
        var slowStart = Started();
        var avoidance = Started(cwnd: 20 * Smss, ssthresh: 10 * Smss);

        for (var i = 0; i < 40; i++)
        {
            slowStart.OnAck(Ack(Smss, 10 * Smss) with { ApplicationLimited = true });
            avoidance.OnAck(Ack(Smss, 20 * Smss) with { ApplicationLimited = true });
        }

        Assert.Equal(10 * Smss, slowStart.CongestionWindow);
        Assert.Equal(20 * Smss, avoidance.CongestionWindow);
    }

    [Fact]
    public void Undoing_a_spurious_loss_restores_cwnd_and_ssthresh()
    {
        var cc = Started(cwnd: 30 * Smss, ssthresh: 40 * Smss);

        cc.OnCongestionEvent(30 * Smss, Now);
        Assert.Equal(15 * Smss, cc.CongestionWindow);

        Assert.True(cc.UndoCongestionEvent());
        Assert.Equal(30 * Smss, cc.CongestionWindow);
        Assert.Equal(40 * Smss, cc.SlowStartThreshold);
        Assert.False(cc.UndoCongestionEvent()); // once only
    }

    [Fact]
    public void Undo_does_nothing_when_cwnd_already_regained_its_old_size()
    {
        var cc = Started(cwnd: 30 * Smss, ssthresh: 40 * Smss);
        cc.OnCongestionEvent(30 * Smss, Now);
        cc.SetCongestionWindow(31 * Smss);

        Assert.False(cc.UndoCongestionEvent());
        Assert.Equal(31 * Smss, cc.CongestionWindow);
        Assert.Equal(15 * Smss, cc.SlowStartThreshold);
    }

    [Fact]
    public void The_window_never_overflows()
    {
        var cc = Started();

        for (var i = 0; i < 100_000; i++)
        {
            cc.OnAck(Ack(int.MaxValue / 4, int.MaxValue / 4));
        }

        Assert.InRange(cc.CongestionWindow, 1, int.MaxValue / 2);
    }

    [Fact]
    public void Invalid_arguments_are_caller_errors()
    {
        var cc = new NewReno();

        Assert.Throws<ArgumentOutOfRangeException>(() => cc.Reset(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cc.SetCongestionWindow(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cc.OnAck(Ack(-1, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NewReno(0));
    }
}
