using SynAck.Tcp.Recovery;
using SynAck.Tcp.Tests.Harness;
using static SynAck.Tcp.Tests.ControlBlock.Recovery.SackSender;

namespace SynAck.Tcp.Tests.ControlBlock.Recovery;

/// <summary>SACK-based loss recovery (RFC 6675 §5) with duplicate-ACK loss detection.</summary>
public class SackRecoveryTests
{
    /// <summary>
    /// The ACKs a receiver sends for the flight <c>0..segments-1</c> less <paramref name="lost"/>,
    /// one per segment as it arrives: cumulative up to the first hole, SACK blocks above it, the
    /// block of the newest segment first, at most four.
    /// </summary>
    private static void AckFlight(Endpoint endpoint, int segments, IReadOnlySet<int> lost, Action<List<Sent>> afterEach)
    {
        var received = new SortedSet<int>();
        foreach (var arriving in Enumerable.Range(0, segments).Where(i => !lost.Contains(i)))
        {
            received.Add(arriving);
            var cumulative = 0;
            while (received.Contains(cumulative))
            {
                cumulative++;
            }

            var ranges = new List<(int Left, int Right)>();
            foreach (var index in received.Where(i => i > cumulative))
            {
                if (ranges.Count > 0 && ranges[^1].Right == index)
                {
                    ranges[^1] = (ranges[^1].Left, index + 1);
                }
                else
                {
                    ranges.Add((index, index + 1));
                }
            }

            var newest = ranges.FindIndex(r => r.Left <= arriving && arriving < r.Right);
            var blocks = newest < 0 ? ranges : [ranges[newest], .. ranges.Where((_, i) => i != newest)];
            SackAck(endpoint, cumulative, [.. blocks.Take(4)]);
            afterEach(endpoint.Drain());
        }
    }

    [Fact]
    public void Third_sacked_segment_above_a_hole_retransmits_the_hole_at_once_and_only_once()
    {
        // RFC 6675 §5: IsLost(HighACK + 1) starts recovery; step (4.3) retransmits at once.
        using var endpoint = Create(LossDetection.DuplicateAck, 10, out _);
        SackAck(endpoint, 0, (1, 2));
        SackAck(endpoint, 0, (1, 3));
        Assert.Empty(Indices(endpoint.Drain()));
        SackAck(endpoint, 0, (1, 4));
        Assert.Equal([0], Indices(endpoint.Drain()));
        Assert.True(endpoint.Tcb.InFastRecovery);

        SackAck(endpoint, 0, (1, 5));
        SackAck(endpoint, 0, (1, 6));
        Assert.Empty(Indices(endpoint.Drain()));
        Assert.Equal(1, endpoint.Tcb.Counters.SackRetransmits);
    }

    [Fact]
    public void Entering_recovery_halves_the_window_once()
    {
        // RFC 6675 §5 step (4.2): cwnd = ssthresh = FlightSize / 2, once per recovery. Recovery
        // starts at the ACK of segment 5 (three SACKed above hole 2): 18 segments in flight.
        using var endpoint = Create(LossDetection.DuplicateAck, 20, out _);
        AckFlight(endpoint, 20, new HashSet<int> { 2, 7, 12 }, _ => { });
        Assert.Equal(9 * Mss, endpoint.Tcb.SlowStartThreshold);
        Assert.Equal(9 * Mss, endpoint.Tcb.CongestionWindow);
        Assert.Equal(1, endpoint.Tcb.Counters.FastRetransmits);
    }

    [Fact]
    public void Recovery_retransmits_every_hole_within_one_round_trip()
    {
        // RFC 6675: the scoreboard finds every hole from the ACKs of one flight, where NewReno
        // (RFC 6582) repairs one hole per round trip.
        using var endpoint = Create(LossDetection.DuplicateAck, 20, out _);
        var retransmitted = new List<int>();
        AckFlight(endpoint, 20, new HashSet<int> { 2, 7, 12 }, sent => retransmitted.AddRange(Indices(sent)));
        Assert.Equal([2, 7, 12], retransmitted.Where(i => i != 19));
    }

    [Fact]
    public void With_nothing_lost_left_and_no_new_data_one_rescue_retransmission_goes()
    {
        // RFC 6675 NextSeg() rule 4: the highest unSACKed segment, once per recovery (RescueRxt).
        using var endpoint = Create(LossDetection.DuplicateAck, 20, out _);
        var retransmitted = new List<int>();
        AckFlight(endpoint, 20, new HashSet<int> { 2, 7, 12 }, sent => retransmitted.AddRange(Indices(sent)));
        Assert.Single(retransmitted, 19);
    }

    [Fact]
    public void Pipe_limits_what_recovery_sends()
    {
        // RFC 6675 §5 step (C): new data goes only while cwnd - pipe >= 1 SMSS.
        using var endpoint = Create(LossDetection.DuplicateAck, 20, out _);
        endpoint.Tcb.Send(new byte[20 * Mss]);
        var newSegments = 0;
        AckFlight(endpoint, 20, new HashSet<int> { 0 }, sent =>
        {
            var fresh = Indices(sent).Count(i => i >= 20);
            newSegments += fresh;
            if (fresh > 0)
            {
                Assert.True(endpoint.Tcb.Pipe <= endpoint.Tcb.CongestionWindow, $"pipe {endpoint.Tcb.Pipe} above cwnd {endpoint.Tcb.CongestionWindow}");
            }
        });

        // The window is used to the full, never beyond.
        Assert.True(newSegments > 0);
        Assert.InRange(endpoint.Tcb.CongestionWindow - endpoint.Tcb.Pipe, 0, Mss - 1);
    }

    [Fact]
    public void After_a_timeout_sacked_segments_are_not_sent_again()
    {
        // RFC 6675 §5.1: the SACK information is kept after an RTO; only the holes go again.
        using var endpoint = Create(LossDetection.DuplicateAck, 10, out _);
        SackAck(endpoint, 0, (5, 10));
        var retransmitted = Indices(endpoint.Advance(endpoint.Tcb.RetransmissionTimeout + TimeSpan.FromMilliseconds(1)).Select(s => s.Segment));
        Assert.Equal(1, endpoint.Tcb.Counters.RetransmissionTimeouts);
        for (var ack = 1; ack <= 5; ack++)
        {
            SackAck(endpoint, ack, (5, 10));
            retransmitted.AddRange(Indices(endpoint.Drain()));
        }

        Assert.Equal([0, 1, 2, 3, 4], retransmitted.Distinct());
    }

    [Fact]
    public void Timeout_with_a_sacked_segment_at_snd_una_forgets_the_sack_information()
    {
        // RFC 2018 §8: an ACK that stops at SACKed data means the receiver reneged; after the RTO
        // the data it had SACKed is sent again.
        using var endpoint = Create(LossDetection.DuplicateAck, 10, out _);
        SackAck(endpoint, 0, (2, 4));
        SackAck(endpoint, 2);
        var sent = endpoint.Advance(endpoint.Tcb.RetransmissionTimeout + TimeSpan.FromMilliseconds(1));
        Assert.Equal([2], Indices(sent.Select(s => s.Segment)));
    }

    [Fact]
    public void Dsack_counts_a_spurious_retransmission()
    {
        // RFC 2883 §5: a D-SACK block below SEG.ACK reports data the receiver got twice.
        using var endpoint = Create(LossDetection.DuplicateAck, 10, out _);
        SackAck(endpoint, 0, (1, 2));
        SackAck(endpoint, 0, (1, 3));
        SackAck(endpoint, 0, (1, 4));
        endpoint.Drain();
        SackAck(endpoint, 10, (0, 1));
        Assert.Equal(1, endpoint.Tcb.Counters.SpuriousRetransmissions);
        Assert.Equal(0, endpoint.Tcb.SackedBytes);
    }
}
