using SynAck.Tcp.Congestion;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.Congestion;

public class FastRecoveryTests
{
    private const int Smss = 1000;
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(1);
    private static readonly SequenceNumber Iss = 0xFFFF_F000u; // data crosses the 2^32 wrap

    private readonly NewReno _cc = new();
    private readonly FastRecovery _recovery;

    public FastRecoveryTests()
    {
        _cc.Reset(Smss);
        _cc.SetCongestionWindow(20 * Smss);
        _recovery = new FastRecovery(_cc);
        _recovery.Reset(Iss);
    }

    private static SequenceNumber Seq(int bytesAfterIss) => Iss + 1 + bytesAfterIss;

    private DuplicateAckAction[] DuplicateAcks(int count, SequenceNumber ack, SequenceNumber sndMax, int inFlight)
        => [.. Enumerable.Range(0, count).Select(_ => _recovery.OnDuplicateAck(ack, sndMax, inFlight, Now))];

    /// <summary>20 segments sent from SND.UNA = Seq(0); the first is lost and three duplicates arrive.</summary>
    private void EnterRecovery()
    {
        var actions = DuplicateAcks(3, Seq(0), Seq(20 * Smss), 20 * Smss);
        Assert.Equal(DuplicateAckAction.FastRetransmit, actions[^1]);
    }

    [Fact]
    public void The_first_two_duplicate_ACKs_allow_limited_transmit_without_changing_cwnd()
    {
        var actions = DuplicateAcks(2, Seq(0), Seq(20 * Smss), 20 * Smss);

        Assert.Equal([DuplicateAckAction.LimitedTransmit, DuplicateAckAction.LimitedTransmit], actions);
        Assert.Equal(20 * Smss, _cc.CongestionWindow);
        Assert.False(_recovery.InRecovery);
    }

    [Fact]
    public void The_third_duplicate_ACK_triggers_fast_retransmit()
    {
        var actions = DuplicateAcks(3, Seq(0), Seq(20 * Smss), 20 * Smss);

        Assert.Equal(DuplicateAckAction.FastRetransmit, actions[2]);
        Assert.True(_recovery.InRecovery);
        Assert.Equal(Seq(20 * Smss), _recovery.RecoveryPoint);
    }

    [Fact]
    public void Entering_recovery_halves_the_flight_into_ssthresh_and_inflates_cwnd_by_three_segments()
    {
        EnterRecovery();

        Assert.Equal(10 * Smss, _cc.SlowStartThreshold);
        Assert.Equal(13 * Smss, _cc.CongestionWindow);
    }

    [Fact]
    public void A_threshold_other_than_three_is_a_setting()
    {
        var recovery = new FastRecovery(_cc, duplicateAckThreshold: 2);
        recovery.Reset(Iss);

        recovery.OnDuplicateAck(Seq(0), Seq(10 * Smss), 10 * Smss, Now);

        Assert.Equal(DuplicateAckAction.FastRetransmit, recovery.OnDuplicateAck(Seq(0), Seq(10 * Smss), 10 * Smss, Now));
    }

    [Fact]
    public void Each_further_duplicate_ACK_in_recovery_inflates_cwnd_by_one_segment()
    {
        EnterRecovery();

        var actions = DuplicateAcks(4, Seq(0), Seq(20 * Smss), 20 * Smss);

        Assert.All(actions, a => Assert.Equal(DuplicateAckAction.WindowInflated, a));
        Assert.Equal(17 * Smss, _cc.CongestionWindow);
        Assert.Equal(10 * Smss, _cc.SlowStartThreshold);
    }

    [Fact]
    public void An_ACK_that_advances_resets_the_duplicate_count()
    {
        DuplicateAcks(2, Seq(0), Seq(20 * Smss), 20 * Smss);
        Assert.Equal(RecoveryAckResult.NotInRecovery, _recovery.OnAckAdvanced(Seq(Smss), Smss, 19 * Smss));

        var actions = DuplicateAcks(2, Seq(Smss), Seq(20 * Smss), 19 * Smss);

        Assert.DoesNotContain(DuplicateAckAction.FastRetransmit, actions);
        Assert.Equal(2, _recovery.DuplicateAcks);
    }

    [Fact]
    public void A_partial_ACK_keeps_recovery_going_and_deflates_cwnd_by_the_bytes_acked_plus_one_segment_back()
    {
        EnterRecovery();
        DuplicateAcks(5, Seq(0), Seq(20 * Smss), 20 * Smss); // cwnd 18 segments

        var result = _recovery.OnAckAdvanced(Seq(4 * Smss), 4 * Smss, 16 * Smss);

        Assert.Equal(RecoveryAckResult.PartialAck, result);
        Assert.True(_recovery.InRecovery);
        Assert.Equal(1, _recovery.PartialAcks);
        Assert.Equal((18 - 4 + 1) * Smss, _cc.CongestionWindow);
        Assert.Equal(10 * Smss, _cc.SlowStartThreshold);
    }

    [Fact]
    public void A_partial_ACK_of_less_than_one_segment_gets_no_segment_added_back()
    {
        EnterRecovery();

        _recovery.OnAckAdvanced(Seq(500), 500, (20 * Smss) - 500);

        Assert.Equal((13 * Smss) - 500, _cc.CongestionWindow);
    }

    [Fact]
    public void A_full_ACK_ends_recovery_with_cwnd_at_ssthresh_when_enough_is_in_flight()
    {
        EnterRecovery();
        DuplicateAcks(10, Seq(0), Seq(20 * Smss), 20 * Smss);

        var result = _recovery.OnAckAdvanced(Seq(20 * Smss), 20 * Smss, 12 * Smss);

        Assert.Equal(RecoveryAckResult.FullAck, result);
        Assert.False(_recovery.InRecovery);
        Assert.Equal(10 * Smss, _cc.CongestionWindow); // min(ssthresh, max(FlightSize, SMSS) + SMSS)
    }

    [Fact]
    public void A_full_ACK_with_little_in_flight_sets_cwnd_to_the_flight_size_plus_one_segment()
    {
        EnterRecovery();

        _recovery.OnAckAdvanced(Seq(20 * Smss), 20 * Smss, 2 * Smss);

        Assert.Equal(3 * Smss, _cc.CongestionWindow);
    }

    [Fact]
    public void A_full_ACK_with_nothing_in_flight_still_leaves_two_segments()
    {
        EnterRecovery();

        _recovery.OnAckAdvanced(Seq(20 * Smss), 20 * Smss, 0);

        Assert.Equal(2 * Smss, _cc.CongestionWindow);
    }

    [Fact]
    public void More_duplicate_ACKs_after_the_threshold_do_not_start_a_second_recovery()
    {
        EnterRecovery();
        _recovery.OnAckAdvanced(Seq(5 * Smss), 5 * Smss, 15 * Smss); // partial: still in recovery

        var actions = DuplicateAcks(6, Seq(5 * Smss), Seq(20 * Smss), 15 * Smss);

        Assert.DoesNotContain(DuplicateAckAction.FastRetransmit, actions);
        Assert.Equal(10 * Smss, _cc.SlowStartThreshold);
    }

    [Fact]
    public void After_a_timeout_duplicate_ACKs_for_data_sent_before_it_do_not_reduce_the_window_again()
    {
        // 20 segments out, the timer fires, the sender goes back to SND.UNA and resends; the
        // receiver, holding later segments, answers with duplicate ACKs below the recovery point.
        _cc.OnRetransmissionTimeout(20 * Smss);
        _recovery.OnRetransmissionTimeout(Seq(20 * Smss));
        _recovery.OnAckAdvanced(Seq(2 * Smss), 2 * Smss, 18 * Smss);
        _cc.SetCongestionWindow(4 * Smss);

        var actions = DuplicateAcks(3, Seq(2 * Smss), Seq(20 * Smss), 18 * Smss);

        Assert.DoesNotContain(DuplicateAckAction.FastRetransmit, actions);
        Assert.False(_recovery.InRecovery);
        Assert.Equal(10 * Smss, _cc.SlowStartThreshold);
        Assert.Equal(4 * Smss, _cc.CongestionWindow);
    }

    [Fact]
    public void An_ACK_that_covers_more_than_recover_may_start_a_new_recovery()
    {
        _recovery.OnRetransmissionTimeout(Seq(20 * Smss));

        // RFC 6582: SEG.ACK - 1 > recover. recover is the last byte sent, Seq(20 * Smss) - 1.
        Assert.DoesNotContain(DuplicateAckAction.FastRetransmit, DuplicateAcks(3, Seq(20 * Smss), Seq(30 * Smss), 10 * Smss));
        _recovery.OnAckAdvanced(Seq((20 * Smss) + 1), 1, 10 * Smss);
        Assert.Equal(DuplicateAckAction.FastRetransmit, DuplicateAcks(3, Seq((20 * Smss) + 1), Seq(30 * Smss), 10 * Smss)[^1]);
    }

    [Fact]
    public void A_timeout_ends_recovery()
    {
        EnterRecovery();

        _recovery.OnRetransmissionTimeout(Seq(20 * Smss));

        Assert.False(_recovery.InRecovery);
        Assert.Equal(0, _recovery.DuplicateAcks);
        Assert.Equal(RecoveryAckResult.NotInRecovery, _recovery.OnAckAdvanced(Seq(Smss), Smss, 19 * Smss));
    }

    [Fact]
    public void The_loss_of_the_very_first_data_segment_can_be_fast_retransmitted()
    {
        // The recovery point starts at the ISS, so an ACK of ISS + 1 (only the SYN) covers more.
        var actions = DuplicateAcks(3, Iss + 1, Seq(10 * Smss), 10 * Smss);

        Assert.Equal(DuplicateAckAction.FastRetransmit, actions[^1]);
    }

    [Fact]
    public void A_second_loss_in_a_later_window_starts_a_second_recovery()
    {
        EnterRecovery();
        _recovery.OnAckAdvanced(Seq(20 * Smss), 20 * Smss, 10 * Smss);
        var ssthreshAfterFirst = _cc.SlowStartThreshold;

        var actions = DuplicateAcks(3, Seq(22 * Smss), Seq(30 * Smss), 8 * Smss);

        Assert.Equal(DuplicateAckAction.FastRetransmit, actions[^1]);
        Assert.Equal(4 * Smss, _cc.SlowStartThreshold);
        Assert.NotEqual(ssthreshAfterFirst, _cc.SlowStartThreshold);
        Assert.Equal(Seq(30 * Smss), _recovery.RecoveryPoint);
    }
}
