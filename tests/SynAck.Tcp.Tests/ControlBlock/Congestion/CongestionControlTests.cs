using SynAck.Tcp.Congestion;
using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.Congestion;

/// <summary>
/// Congestion control as the control block applies it: slow start, fast retransmit and NewReno
/// fast recovery (RFC 5681, RFC 6582, RFC 3042), the loss window after a timeout, Karn's algorithm.
/// </summary>
public class CongestionControlTests
{
    private const uint Una = Endpoint.LocalIss + 1;
    private const int Mss = 1460;

    // The window figures below are NewReno's; CUBIC, the default, has its own tests.
    private static readonly TcpSettings NewRenoSettings = new() { CongestionControl = CongestionControlAlgorithm.NewReno };

    private static Endpoint BulkSender(int bytes = 100 * Mss)
    {
        var endpoint = Endpoint.Established(NewRenoSettings, window: 65535);
        endpoint.Tcb.Send(new byte[bytes]);
        return endpoint;
    }

    [Fact]
    public void Initial_window_is_ten_segments()
    {
        // RFC 6928 (Linux): IW = 10 * SMSS; nothing more until an ACK arrives.
        using var endpoint = BulkSender();
        Assert.Equal(10 * Mss, endpoint.Tcb.CongestionWindow);
        Assert.Equal(10, endpoint.Drain().Count);
    }

    [Fact]
    public void Slow_start_grows_the_window_with_each_ack()
    {
        // RFC 5681 §3.1: cwnd += min(N, SMSS) per ACK (RFC 3465 allows up to 2 SMSS).
        using var endpoint = BulkSender();
        endpoint.Drain();
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + (2 * Mss));
        Assert.Equal(12 * Mss, endpoint.Tcb.CongestionWindow);

        // Two segments were acknowledged and the window grew by two: four new segments go out.
        Assert.Equal(4, endpoint.Drain().Count);
    }

    private static Endpoint WithHeadLost(out List<Sent> flight)
    {
        var endpoint = BulkSender();
        flight = endpoint.Drain();
        return endpoint;
    }

    private static void DuplicateAck(Endpoint endpoint) => endpoint.FromPeer(TcpFlags.Ack, ack: Una);

    [Fact]
    public void First_two_duplicate_acks_each_release_one_new_segment()
    {
        // RFC 3042 limited transmit (RFC 5681 §3.2 step 1).
        using var endpoint = WithHeadLost(out var flight);
        DuplicateAck(endpoint);
        var first = endpoint.Single();
        Assert.Equal(flight[^1].Seq + Mss, first.Seq);
        DuplicateAck(endpoint);
        Assert.Equal(first.Seq + Mss, endpoint.Single().Seq);
        Assert.False(endpoint.Tcb.InFastRecovery);
    }

    [Fact]
    public void Third_duplicate_ack_retransmits_the_head_at_once_and_halves_the_window()
    {
        // RFC 5681 §3.2 steps 2-3: ssthresh = max(FlightSize/2, 2*SMSS); retransmit; cwnd = ssthresh + 3*SMSS.
        using var endpoint = WithHeadLost(out _);
        DuplicateAck(endpoint);
        DuplicateAck(endpoint);
        endpoint.Drain();
        var flight = endpoint.Tcb.SndMax - endpoint.Tcb.SndUna;
        DuplicateAck(endpoint);

        var retransmission = endpoint.Drain()[0];
        Assert.Equal(((SequenceNumber)Una, Mss), (retransmission.Seq, retransmission.Length));
        Assert.True(endpoint.Tcb.InFastRecovery);
        Assert.Equal(flight / 2, endpoint.Tcb.SlowStartThreshold);
        Assert.Equal((flight / 2) + (3 * Mss), endpoint.Tcb.CongestionWindow);
        Assert.Equal(1, endpoint.Tcb.Counters.FastRetransmits);
        Assert.Equal(0, endpoint.Tcb.Counters.RetransmissionTimeouts);
    }

    [Fact]
    public void Partial_ack_retransmits_the_next_hole_and_full_ack_ends_recovery()
    {
        // RFC 6582 §3.2 step 3: a partial ACK retransmits the first unacknowledged segment; an ACK
        // of everything sent before recovery ends it with cwnd near ssthresh.
        using var endpoint = WithHeadLost(out _);
        for (var i = 0; i < 3; i++)
        {
            DuplicateAck(endpoint);
        }

        endpoint.Drain();
        var recoveryPoint = endpoint.Tcb.SndMax;
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + (3 * Mss));
        var hole = endpoint.Drain()[0];
        Assert.Equal(((SequenceNumber)(Una + (3 * Mss)), Mss), (hole.Seq, hole.Length));
        Assert.True(endpoint.Tcb.InFastRecovery);

        endpoint.FromPeer(TcpFlags.Ack, ack: recoveryPoint);
        Assert.False(endpoint.Tcb.InFastRecovery);
        Assert.True(endpoint.Tcb.CongestionWindow <= endpoint.Tcb.SlowStartThreshold);
    }

    [Fact]
    public void Retransmission_timeout_shrinks_the_window_to_one_segment_and_goes_back_to_snd_una()
    {
        // RFC 5681 §3.1: after an RTO, cwnd = 1 SMSS (the loss window); the oldest segment goes again.
        using var endpoint = WithHeadLost(out var flight);
        var sent = endpoint.Advance(endpoint.Tcb.RetransmissionTimeout);
        var (_, retransmission) = Assert.Single(sent);
        Assert.Equal(((SequenceNumber)Una, Mss), (retransmission.Seq, retransmission.Length));
        Assert.Equal(Mss, endpoint.Tcb.CongestionWindow);
        Assert.Equal(flight.Sum(s => s.Length) / 2, endpoint.Tcb.SlowStartThreshold);

        // The ACK of the retransmission opens cwnd to two segments: the next two go again.
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + Mss);
        Assert.Equal([Una + Mss, Una + (2 * Mss)], endpoint.Drain().Select(s => s.Seq.Value));
    }

    [Fact]
    public void Retransmitted_segments_give_no_rtt_sample()
    {
        // RFC 6298 §3 (Karn): an ACK for a retransmitted segment cannot time it. (With timestamps
        // it can, RFC 7323 §4.2, so they are off here.)
        var noTimestamps = new TcpSettings { Timestamps = false };
        using var pair = new Pair(noTimestamps, noTimestamps);
        pair.Establish();
        var srtt = pair.Client.SmoothedRoundTripTime;
        pair.Lose = s => s.From == "client" && s.PayloadLength > 0 && !pair.Wire.Any(w => w.Lost);
        pair.Client.Send(new byte[100]);
        Assert.True(pair.RunUntil(() => pair.Server.BytesReadable == 100 && pair.Client.SndUna == pair.Client.SndMax, TimeSpan.FromSeconds(5)));
        Assert.Equal(srtt, pair.Client.SmoothedRoundTripTime);

        // A segment sent once is timed: 20 ms of wire plus the server's 200 ms delayed ACK.
        pair.Client.Send(new byte[100]);
        Assert.True(pair.RunUntil(() => pair.Client.SndUna == pair.Client.SndMax, TimeSpan.FromSeconds(5)));
        Assert.Equal((srtt * 7 / 8) + (TimeSpan.FromMilliseconds(220) / 8), pair.Client.SmoothedRoundTripTime);
    }

    [Fact]
    public void Rto_comes_from_the_measured_round_trip_time()
    {
        // RFC 6298 §2.2: after the first sample R, RTO = R + max(G, 4 * R/2), at least the minimum (200 ms).
        using var pair = new Pair { OneWayDelay = TimeSpan.FromMilliseconds(100) };
        pair.Establish();
        Assert.Equal(TimeSpan.FromMilliseconds(200), pair.Client.SmoothedRoundTripTime);
        Assert.Equal(TimeSpan.FromMilliseconds(600), pair.Client.RetransmissionTimeout);
    }

    [Fact]
    public void Window_restarts_after_an_idle_period_longer_than_the_rto()
    {
        // RFC 5681 §4.1: after idling more than an RTO, cwnd restarts from min(IW, cwnd). (Without
        // timestamps, so that SMSS is the 1460 bytes of this class's Mss.)
        var noTimestamps = new TcpSettings { Timestamps = false };
        using var pair = new Pair(noTimestamps, noTimestamps);
        pair.Establish();
        pair.Client.Send(new byte[200 * Mss]);
        Assert.True(pair.RunUntil(() => pair.Client.SndUna == pair.Client.SndMax && pair.Client.BytesQueued == 0, TimeSpan.FromSeconds(30)));
        pair.Server.Receive(new byte[1 << 20]);
        Assert.True(pair.Client.CongestionWindow > 10 * Mss);

        pair.RunFor(TimeSpan.FromSeconds(5));
        pair.Client.Send(new byte[100 * Mss]);
        pair.Flush();
        Assert.Equal(10 * Mss, pair.Client.CongestionWindow);
    }

    [Fact]
    public void After_a_timeout_slow_start_runs_up_to_ssthresh_then_congestion_avoidance_adds_one_segment_per_window()
    {
        // RFC 5681 §3.1: slow start while cwnd < ssthresh (+1 SMSS per SMSS acknowledged), then
        // congestion avoidance (+1 SMSS per cwnd acknowledged).
        using var endpoint = WithHeadLost(out _);
        endpoint.Advance(endpoint.Tcb.RetransmissionTimeout);
        Assert.Equal((Mss, 5 * Mss), (endpoint.Tcb.CongestionWindow, endpoint.Tcb.SlowStartThreshold));

        var windows = new List<int>();
        for (var k = 1; k <= 9; k++)
        {
            endpoint.FromPeer(TcpFlags.Ack, ack: (SequenceNumber)Una + (k * Mss));
            endpoint.Drain();
            windows.Add(endpoint.Tcb.CongestionWindow / Mss);
        }

        Assert.Equal([2, 3, 4, 5, 5, 5, 5, 5, 6], windows);
    }

    [Fact]
    public void Initial_rto_is_configurable()
    {
        // RFC 6298 §2.1 and issue 3: initial, minimum and maximum RTO are settings.
        using var endpoint = Endpoint.SynSent(new TcpSettings { CongestionControl = CongestionControlAlgorithm.NewReno, InitialRetransmissionTimeout = TimeSpan.FromSeconds(3), MaximumRetransmissionTimeout = TimeSpan.FromSeconds(4) });
        var start = endpoint.Now;
        var sent = endpoint.Advance(TimeSpan.FromSeconds(12));
        Assert.Equal([3, 7, 11], sent.Select(s => (int)(s.Time - start).TotalSeconds));
    }

    [Fact]
    public void A_fast_retransmission_cancels_the_rtt_measurement_of_the_segment_it_repeats()
    {
        // RFC 6298 §3 (Karn): the ACK that follows a fast retransmission cannot time the original.
        using var endpoint = WithHeadLost(out _);
        var srtt = endpoint.Tcb.SmoothedRoundTripTime;
        for (var i = 0; i < 3; i++)
        {
            DuplicateAck(endpoint);
        }

        endpoint.Drain();
        endpoint.Advance(TimeSpan.FromMilliseconds(50));
        endpoint.FromPeer(TcpFlags.Ack, ack: endpoint.Tcb.SndMax);
        Assert.Equal(srtt, endpoint.Tcb.SmoothedRoundTripTime);
    }

    [Fact]
    public void Window_does_not_grow_while_the_receivers_window_is_what_limits_the_sender()
    {
        // RFC 7661 §4.1 / Linux tcp_is_cwnd_limited: cwnd grows only when it limited sending, so
        // a long receiver-limited transfer does not leave an unvalidated, huge window behind.
        using var pair = new Pair { Record = false };
        pair.Establish();
        var chunk = new byte[64 * 1024];
        var sink = new byte[64 * 1024];
        long received = 0;
        pair.Applications = () =>
        {
            pair.Client.Send(chunk);
            while (pair.Server.Receive(sink) is var read and > 0)
            {
                received += read;
            }
        };
        pair.RunUntil(() => received >= 16 << 20, TimeSpan.FromMinutes(5));

        // The 128 KiB receive window caps the flight; slow start may reach twice that, no more.
        Assert.True(pair.Client.CongestionWindow <= 2 * 128 * 1024 + (2 * Mss), $"cwnd {pair.Client.CongestionWindow}");
    }
}
