using SynAck.Tcp.Recovery;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.Recovery;

/// <summary>The RFC 6675 scoreboard rules: Update(), IsLost(), NextSeg() and SetPipe().</summary>
public class SackScoreboardTests
{
    private const int Mss = 1000;
    private static readonly SequenceNumber Start = 10_000;

    /// <summary>A scoreboard holding <paramref name="segments"/> segments of <see cref="Mss"/> bytes sent at t = index ms.</summary>
    private static SackScoreboard WithSegments(int segments)
    {
        var scoreboard = new SackScoreboard();
        for (var i = 0; i < segments; i++)
        {
            scoreboard.Append(Seg(i), Mss, fin: false, TimeSpan.FromMilliseconds(i));
        }

        return scoreboard;
    }

    private static SequenceNumber Seg(int index) => Start + (index * Mss);

    private static DeliveryBatch Sack(SackScoreboard scoreboard, int left, int right)
    {
        var delivery = default(DeliveryBatch);
        scoreboard.ApplySack(new SackBlock(Seg(left), Seg(right)), ref delivery);
        return delivery;
    }

    [Fact]
    public void Pipe_is_everything_outstanding_when_nothing_is_sacked_or_lost()
    {
        var scoreboard = WithSegments(10);
        Assert.Equal(10 * Mss, scoreboard.OutstandingBytes);
        Assert.Equal(10 * Mss, scoreboard.Pipe);
    }

    [Fact]
    public void Pipe_leaves_out_sacked_and_lost_bytes_and_counts_retransmissions_again()
    {
        // RFC 6675 §4 SetPipe(): for each octet not SACKed, +1 unless IsLost, +1 more if retransmitted.
        var scoreboard = WithSegments(10);
        Sack(scoreboard, 3, 6);
        Assert.Equal(7 * Mss, scoreboard.Pipe);
        Assert.Equal(3, scoreboard.MarkLostByDuplicateThreshold(3, Mss));
        Assert.Equal(4 * Mss, scoreboard.Pipe);
        scoreboard.OnRetransmitted(0, TimeSpan.FromMilliseconds(50));
        Assert.Equal(5 * Mss, scoreboard.Pipe);
    }

    [Fact]
    public void A_block_marks_only_segments_it_covers_whole()
    {
        // RFC 6675 §4 Update(): the scoreboard records what the blocks cover.
        var scoreboard = WithSegments(5);
        var delivery = default(DeliveryBatch);
        scoreboard.ApplySack(new SackBlock(Seg(1) + 500, Seg(3)), ref delivery);
        Assert.False(scoreboard[1].Has(SegmentFlags.Sacked));
        Assert.True(scoreboard[2].Has(SegmentFlags.Sacked));
        Assert.Equal(Mss, scoreboard.SackedBytes);
        Assert.Equal(Mss, delivery.Bytes);
    }

    [Fact]
    public void A_sacked_segment_is_delivered_once()
    {
        var scoreboard = WithSegments(5);
        Sack(scoreboard, 2, 3);
        Assert.Equal(0, Sack(scoreboard, 2, 3).Bytes);
        Assert.Equal(1, scoreboard.SackedSegments);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void A_hole_is_lost_once_dupthresh_segments_above_it_are_sacked(int sackedAbove, bool lost)
    {
        // RFC 6675 §4 IsLost(): DupThresh discontiguous SACKed sequences above SeqNum.
        var scoreboard = WithSegments(10);
        for (var i = 0; i < sackedAbove; i++)
        {
            Sack(scoreboard, 2 + (2 * i), 3 + (2 * i));
        }

        scoreboard.MarkLostByDuplicateThreshold(3, Mss);
        Assert.Equal(lost, scoreboard[0].Has(SegmentFlags.Lost));
        Assert.Equal(lost, scoreboard[1].Has(SegmentFlags.Lost));

        // Holes with fewer SACKed segments above them are not lost yet.
        Assert.False(scoreboard[3].Has(SegmentFlags.Lost));
    }

    [Fact]
    public void A_hole_is_lost_once_more_than_dupthresh_minus_one_segments_of_bytes_above_it_are_sacked()
    {
        // RFC 6675 §4 IsLost(): "more than (DupThresh - 1) * SMSS bytes" SACKed above, here in one large segment.
        var scoreboard = new SackScoreboard();
        scoreboard.Append(Start, Mss, fin: false, TimeSpan.Zero);
        scoreboard.Append(Start + Mss, (2 * Mss) + 1, fin: false, TimeSpan.Zero);
        var delivery = default(DeliveryBatch);
        scoreboard.ApplySack(new SackBlock(Start + Mss, Start + (3 * Mss) + 1), ref delivery);
        Assert.Equal(1, scoreboard.MarkLostByDuplicateThreshold(3, Mss));
        Assert.True(scoreboard[0].Has(SegmentFlags.Lost));
    }

    [Fact]
    public void Next_segment_is_the_lowest_lost_one_not_yet_retransmitted()
    {
        // RFC 6675 §4 NextSeg() rule 1, in sequence order.
        var scoreboard = WithSegments(10);
        scoreboard.MarkLost(4);
        scoreboard.MarkLost(1);
        Assert.Equal(1, scoreboard.FindLostToRetransmit());
        scoreboard.OnRetransmitted(1, TimeSpan.FromMilliseconds(30));
        Assert.Equal(4, scoreboard.FindLostToRetransmit());
        scoreboard.OnRetransmitted(4, TimeSpan.FromMilliseconds(30));
        Assert.Equal(-1, scoreboard.FindLostToRetransmit());
    }

    [Fact]
    public void A_retransmission_marked_lost_again_is_offered_again()
    {
        // RFC 8985 §6.2: RACK detects lost retransmissions.
        var scoreboard = WithSegments(4);
        scoreboard.MarkLost(1);
        scoreboard.OnRetransmitted(1, TimeSpan.FromMilliseconds(30));
        Assert.True(scoreboard.MarkLost(1));
        Assert.Equal(1, scoreboard.FindLostToRetransmit());
        Assert.Equal(3 * Mss, scoreboard.Pipe);
    }

    [Fact]
    public void Cumulative_ack_drops_covered_segments_and_trims_a_partly_covered_one()
    {
        var scoreboard = WithSegments(4);
        Sack(scoreboard, 3, 4);
        var delivery = default(DeliveryBatch);
        scoreboard.OnCumulativeAck(Seg(1) + 400, ref delivery);
        Assert.Equal(3, scoreboard.Count);
        Assert.Equal(Seg(1) + 400, scoreboard[0].Start);
        Assert.Equal(600, scoreboard[0].Length);
        Assert.Equal((2 * Mss) + 600, scoreboard.OutstandingBytes);
        Assert.Equal(Mss, delivery.Bytes);

        scoreboard.OnCumulativeAck(Seg(4), ref delivery);
        Assert.Equal(0, scoreboard.Count);
        Assert.Equal(0, scoreboard.SackedBytes);
        Assert.Equal(0, scoreboard.Pipe);
    }

    [Fact]
    public void Reneging_clears_every_sack_mark()
    {
        // RFC 2018 §8: SACKed data may be discarded by the receiver; the marks are advisory.
        var scoreboard = WithSegments(4);
        Sack(scoreboard, 1, 3);
        scoreboard.ClearSacked();
        Assert.Equal(0, scoreboard.SackedBytes);
        Assert.Equal(4, scoreboard.MarkAllLost());
    }

    [Fact]
    public void Delivery_reports_the_most_recently_sent_segment()
    {
        // RFC 8985 §6.2 step 2: RACK follows the latest transmission among the delivered.
        var scoreboard = WithSegments(6);
        scoreboard.OnRetransmitted(0, TimeSpan.FromMilliseconds(40));
        var delivery = new DeliveryBatch { Now = TimeSpan.FromMilliseconds(45), MinRtt = TimeSpan.FromMilliseconds(20) };
        scoreboard.ApplySack(new SackBlock(Seg(2), Seg(4)), ref delivery);
        Assert.Equal(TimeSpan.FromMilliseconds(3), delivery.NewestSentAt);
        Assert.Equal(Seg(4), delivery.NewestEnd);

        // The retransmission acknowledged 5 ms after it went, under min_RTT: the original arrived.
        scoreboard.OnCumulativeAck(Seg(1), ref delivery);
        Assert.Equal(TimeSpan.FromMilliseconds(3), delivery.NewestSentAt);
    }

    [Fact]
    public void Thousands_of_segments_grow_the_ring_and_keep_order()
    {
        var scoreboard = WithSegments(3000);
        var delivery = default(DeliveryBatch);
        scoreboard.OnCumulativeAck(Seg(1000), ref delivery);
        for (var i = 3000; i < 4000; i++)
        {
            scoreboard.Append(Seg(i), Mss, fin: false, TimeSpan.Zero);
        }

        Assert.Equal(3000, scoreboard.Count);
        Assert.Equal(Seg(1000), scoreboard[0].Start);
        Assert.Equal(Seg(3999), scoreboard[2999].Start);
        Assert.Equal(2500, scoreboard.FirstEndingAfter(Seg(3500)));
    }
}
