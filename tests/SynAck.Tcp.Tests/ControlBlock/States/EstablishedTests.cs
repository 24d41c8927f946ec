using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.10.7.4 in ESTABLISHED, with RFC 5961 §3-§5.</summary>
public class EstablishedTests
{
    private const uint RcvNxt = Endpoint.PeerIss + 1;

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(65534, 0, true)]
    [InlineData(65535, 0, false)]
    [InlineData(-1, 0, false)]
    [InlineData(0, 10, true)]
    [InlineData(-5, 10, true)]
    [InlineData(-10, 10, false)]
    [InlineData(65530, 10, true)]
    [InlineData(65535, 10, false)]
    public void Sequence_test_follows_table_6_and_answers_an_unacceptable_segment_with_an_ack(int offset, int length, bool acceptable)
    {
        // First check (Table 6), RCV.WND = 65535 > 0: length 0 needs RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND;
        // length > 0 needs its first or last octet in the window. Unacceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 65535 });
        Assert.Equal(65535u, endpoint.Tcb.RcvWnd);
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: (SequenceNumber)RcvNxt + offset), new byte[length]);

        var sent = endpoint.Drain();
        if (acceptable)
        {
            Assert.Equal(0, endpoint.Tcb.Counters.SegmentsDropped);
        }
        else
        {
            var ack = Assert.Single(sent);
            Assert.Equal((".", (SequenceNumber)(Endpoint.LocalIss + 1), (SequenceNumber)RcvNxt), (ack.FlagText, ack.Seq, ack.Ack));
            Assert.Equal(1, endpoint.Tcb.Counters.SegmentsDropped);
        }
    }

    [Fact]
    public void Unacceptable_rst_is_dropped_without_an_ack()
    {
        // "If an incoming segment is not acceptable, an acknowledgment should be sent in reply
        // (unless the RST bit is set, if so drop the segment and return)".
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 65535 });
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst, seq: RcvNxt + 70000));
        endpoint.AssertSilent();
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
    }

    [Fact]
    public void Rst_at_exactly_rcv_nxt_resets_the_connection_and_records_the_error_once()
    {
        // RFC 5961 §3.2 (2): SEG.SEQ = RCV.NXT resets; ESTABLISHED: "connection reset", CLOSED.
        using var endpoint = Endpoint.Established();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));

        endpoint.AssertSilent();
        Assert.Equal((TcpState.Closed, TcpError.ConnectionReset), (endpoint.Tcb.State, endpoint.Tcb.Error));
        var change = endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged);
        Assert.Equal((TcpState.Established, TcpState.Closed, TcpCauses.ReceivedRst), (change.From, change.To, change.Cause));
        Assert.Single(endpoint.Events, e => e.Kind == TcpEventKind.Error);

        endpoint.Tcb.Abort(endpoint.Now);
        Assert.Equal(TcpError.ConnectionReset, endpoint.Tcb.Error);
        Assert.Single(endpoint.Events, e => e.Kind == TcpEventKind.Error);
    }

    [Fact]
    public void Rst_in_window_but_not_at_rcv_nxt_gets_a_challenge_ack()
    {
        // RFC 5961 §3.2 (3): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, drop, the connection stays.
        using var endpoint = Endpoint.Established();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst, seq: RcvNxt + 1));

        var ack = endpoint.Single();
        Assert.Equal((".", (SequenceNumber)(Endpoint.LocalIss + 1), (SequenceNumber)RcvNxt), (ack.FlagText, ack.Seq, ack.Ack));
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
        Assert.Equal(1, endpoint.Tcb.Counters.ChallengeAcksSent);
    }

    [Fact]
    public void Rst_in_window_resets_when_rfc_5961_is_switched_off()
    {
        // RFC 793 behaviour: any RST in the window is acceptable.
        using var endpoint = Endpoint.Established(new TcpSettings { Rfc5961 = false });
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst, seq: RcvNxt + 1000));
        Assert.Equal((TcpState.Closed, TcpError.ConnectionReset), (endpoint.Tcb.State, endpoint.Tcb.Error));
    }

    [Fact]
    public void Challenge_acks_are_rate_limited_to_one_per_interval()
    {
        // RFC 5961 §7: limit challenge ACKs (Linux: one per 500 ms per connection).
        using var endpoint = Endpoint.Established();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst, seq: RcvNxt + 1));
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst, seq: RcvNxt + 2));
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: RcvNxt + 3));
        Assert.Single(endpoint.Drain());
        Assert.Equal((1, 2), (endpoint.Tcb.Counters.ChallengeAcksSent, endpoint.Tcb.Counters.ChallengeAcksSuppressed));

        endpoint.Advance(TimeSpan.FromMilliseconds(500));
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst, seq: RcvNxt + 4));
        Assert.Single(endpoint.Drain());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_000)]
    [InlineData(-1_000_000)]
    public void Syn_gets_a_challenge_ack_whatever_its_sequence_number(int offset)
    {
        // RFC 5961 §4.2 (RFC 9293 fourth check): a SYN in a synchronized state draws a challenge
        // ACK "irrespective of the sequence number"; a SYN outside the window already fails the
        // first check, which answers with the same ACK.
        using var endpoint = Endpoint.Established();
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: (SequenceNumber)RcvNxt + offset));
        var ack = endpoint.Single();
        Assert.Equal((".", (SequenceNumber)RcvNxt), (ack.FlagText, ack.Ack));
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
    }

    [Fact]
    public void Syn_in_window_resets_the_connection_when_rfc_5961_is_switched_off()
    {
        // RFC 793: "If the SYN is in the window it is an error: send a reset ... connection reset".
        // The reset is ABORT's, acceptable to the synchronized peer: <SEQ=SND.NXT><ACK=RCV.NXT>.
        using var endpoint = Endpoint.Established(new TcpSettings { Rfc5961 = false });
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: RcvNxt + 10));
        var rst = endpoint.Single();
        Assert.Equal(("R.", (SequenceNumber)(Endpoint.LocalIss + 1), (SequenceNumber)RcvNxt), (rst.FlagText, rst.Seq, rst.Ack));
        Assert.Equal((TcpState.Closed, TcpError.ConnectionReset), (endpoint.Tcb.State, endpoint.Tcb.Error));
        Assert.Contains(endpoint.Events, e => e.Cause == TcpCauses.ReceivedSynInWindow);
    }

    [Fact]
    public void Syn_in_window_resets_when_only_the_syn_mitigation_is_switched_off()
    {
        // FreeBSD's insecure_syn=1 with insecure_rst=0: RFC 793 for SYN, RFC 5961 §3 for RST.
        using var endpoint = Endpoint.Established(new TcpSettings { Rfc5961Syn = false });
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst, seq: RcvNxt + 1000));
        Assert.Equal((".", TcpState.Established), (endpoint.Single().FlagText, endpoint.Tcb.State));
        endpoint.Advance(TimeSpan.FromSeconds(1));
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: RcvNxt + 10));
        Assert.Equal(("R.", TcpState.Closed), (endpoint.Single().FlagText, endpoint.Tcb.State));
    }

    [Fact]
    public void Syn_with_fin_is_dropped_without_an_answer_when_drop_syn_fin_is_on()
    {
        // FreeBSD's drop_synfin=1: not even the challenge ACK of the fourth check goes out.
        using var endpoint = Endpoint.Established(new TcpSettings { DropSynFin = true });
        var dropped = endpoint.Tcb.Counters.SegmentsDropped;
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn | TcpFlags.Fin, seq: RcvNxt + 10));
        endpoint.AssertSilent();
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
        Assert.Equal(dropped + 1, endpoint.Tcb.Counters.SegmentsDropped);

        // Without it the same segment draws the challenge ACK (RFC 5961 §4.2).
        using var control = Endpoint.Established();
        control.Feed(control.Segment(TcpFlags.Syn | TcpFlags.Fin, seq: RcvNxt + 10));
        Assert.Equal(".", control.Single().FlagText);
    }

    [Fact]
    public void Syn_gets_a_challenge_ack_when_only_the_rst_mitigation_is_switched_off()
    {
        // FreeBSD's insecure_rst=1 with insecure_syn=0.
        using var endpoint = Endpoint.Established(new TcpSettings { Rfc5961 = false, Rfc5961Syn = true });
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: RcvNxt + 10));
        Assert.Equal((".", TcpState.Established), (endpoint.Single().FlagText, endpoint.Tcb.State));
    }

    [Fact]
    public void Ack_of_data_not_yet_sent_is_dropped_with_a_challenge_ack_and_its_data_is_not_taken()
    {
        // RFC 5961 §5.2: acceptable only if (SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT.
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: [1, 2, 3], ack: Endpoint.LocalIss + 10);
        var ack = endpoint.Single();
        Assert.Equal((SequenceNumber)RcvNxt, ack.Ack);
        Assert.Equal(0, endpoint.Tcb.BytesReadable);
        Assert.Equal(1, endpoint.Tcb.Counters.ChallengeAcksSent);
    }

    [Fact]
    public void Ack_older_than_the_largest_window_is_dropped_with_a_challenge_ack()
    {
        using var endpoint = Endpoint.Established();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, ack: (SequenceNumber)(Endpoint.LocalIss + 1) - 70000), [9]);
        Assert.Single(endpoint.Drain());
        Assert.Equal(0, endpoint.Tcb.BytesReadable);
    }

    [Fact]
    public void Duplicate_ack_within_the_window_is_ignored_but_its_data_is_taken()
    {
        // "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored" and processing goes on.
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Ack, payload: [1, 2, 3], ack: Endpoint.LocalIss + 1 - 100);
        Assert.Equal(3, endpoint.Tcb.BytesReadable);
    }

    [Fact]
    public void Ack_of_unsent_data_gets_a_plain_ack_when_rfc_5961_is_switched_off()
    {
        // RFC 9293: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment".
        using var endpoint = Endpoint.Established(new TcpSettings { Rfc5961 = false });
        endpoint.FromPeer(TcpFlags.Ack, payload: [1], ack: Endpoint.LocalIss + 10);
        Assert.Single(endpoint.Drain());
        Assert.Equal(0, endpoint.Tcb.BytesReadable);
        Assert.Equal(0, endpoint.Tcb.Counters.ChallengeAcksSent);
    }

    [Fact]
    public void Segment_without_ack_is_dropped()
    {
        // Fifth: "if the ACK bit is off, drop the segment and return".
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Psh, payload: [1, 2]);
        Assert.Equal(0, endpoint.Tcb.BytesReadable);
    }

    [Fact]
    public void Ack_advances_snd_una_and_frees_the_send_buffer()
    {
        // SND.UNA < SEG.ACK =< SND.NXT: SND.UNA <- SEG.ACK, acknowledged data leaves the queue.
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send(new byte[1000]);
        endpoint.Single();
        Assert.Equal(1000, endpoint.Tcb.BytesQueued);
        endpoint.FromPeer(TcpFlags.Ack, ack: Endpoint.LocalIss + 1 + 600);
        Assert.Equal((SequenceNumber)(Endpoint.LocalIss + 601), endpoint.Tcb.SndUna);
        Assert.Equal(400, endpoint.Tcb.BytesQueued);
    }

    [Fact]
    public void Send_window_is_updated_only_by_segments_not_older_than_the_last_update()
    {
        // If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), SND.WND <- SEG.WND.
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[10], window: 20000);
        Assert.Equal(20000u, endpoint.Tcb.SndWnd);
        Assert.Equal((SequenceNumber)RcvNxt, endpoint.Tcb.SndWl1);

        // A reordered older segment (lower SEG.SEQ) carrying a different window must not win.
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt, window: 100), new byte[5]);
        Assert.Equal(20000u, endpoint.Tcb.SndWnd);

        endpoint.FromPeer(TcpFlags.Ack, window: 30000);
        Assert.Equal(30000u, endpoint.Tcb.SndWnd);
        Assert.Equal((SequenceNumber)(RcvNxt + 10), endpoint.Tcb.SndWl1);
    }

    [Fact]
    public void In_order_text_is_taken_rcv_nxt_advances_and_the_user_is_told_once_until_reading()
    {
        // Seventh: deliver the text, advance RCV.NXT over it.
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Ack, payload: "abc"u8.ToArray());
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: "def"u8.ToArray());
        Assert.Equal((SequenceNumber)(RcvNxt + 6), endpoint.Tcb.RcvNxt);
        Assert.Single(endpoint.Events, e => e.Kind == TcpEventKind.DataReadable);

        var buffer = new byte[10];
        Assert.Equal(6, endpoint.Tcb.Receive(buffer));
        Assert.Equal("abcdef"u8.ToArray(), buffer[..6]);
        endpoint.FromPeer(TcpFlags.Ack, payload: "g"u8.ToArray());
        Assert.Equal(2, endpoint.Events.Count(e => e.Kind == TcpEventKind.DataReadable));
    }

    [Fact]
    public void Fin_enters_close_wait_is_acknowledged_at_once_and_tells_the_user()
    {
        // Eighth, ESTABLISHED: signal "connection closing", advance RCV.NXT over the FIN, ACK it, CLOSE-WAIT.
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Fin | TcpFlags.Ack | TcpFlags.Psh, payload: "end"u8.ToArray());
        var ack = endpoint.Single();

        Assert.Equal((".", (SequenceNumber)(RcvNxt + 4)), (ack.FlagText, ack.Ack));
        Assert.Equal(TcpState.CloseWait, endpoint.Tcb.State);
        Assert.Contains(endpoint.Events, e => e.Kind == TcpEventKind.PeerClosed);
        Assert.Equal(TcpCauses.ReceivedFin, endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged).Cause);
        Assert.True(endpoint.Tcb.IsPeerFinished);
        Assert.False(endpoint.Tcb.IsEndOfStream);
        Assert.Equal(3, endpoint.Tcb.Receive(new byte[8]));
        Assert.True(endpoint.Tcb.IsEndOfStream);
        Assert.Equal(0, endpoint.Tcb.Receive(new byte[8]));
    }

    [Fact]
    public void Fin_above_a_gap_waits_until_the_gap_is_filled()
    {
        // Segments are processed in sequence: a FIN is taken only once RCV.NXT reaches it.
        using var endpoint = Endpoint.Established();
        endpoint.Feed(endpoint.Segment(TcpFlags.Fin | TcpFlags.Ack, seq: RcvNxt + 3), "def"u8);
        var dupAck = endpoint.Single();
        Assert.Equal((SequenceNumber)RcvNxt, dupAck.Ack);
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);

        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt), "abc"u8);
        var ack = endpoint.Single();
        Assert.Equal((SequenceNumber)(RcvNxt + 7), ack.Ack);
        Assert.Equal(TcpState.CloseWait, endpoint.Tcb.State);
        Assert.Equal(6, endpoint.Tcb.BytesReadable);
    }

    [Fact]
    public void Zero_window_still_takes_the_ack_of_a_segment_at_rcv_nxt_but_not_its_text()
    {
        // "If the RCV.WND is zero, no segments will be acceptable, but special allowance should be
        // made to accept valid ACKs, URGs, and RSTs."
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 1000 });
        endpoint.Tcb.Send(new byte[100]);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[1000], ack: Endpoint.LocalIss + 1);
        Assert.Equal(0u, endpoint.Tcb.RcvWnd);
        Assert.Equal(0, Assert.Single(endpoint.Advance(TimeSpan.FromMilliseconds(200))).Segment.Header.Window);

        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, ack: Endpoint.LocalIss + 101), new byte[50]);
        var ack = endpoint.Single();
        Assert.Equal((SequenceNumber)(Endpoint.LocalIss + 101), endpoint.Tcb.SndUna);
        Assert.Equal(1000, endpoint.Tcb.BytesReadable);
        Assert.Equal((SequenceNumber)(RcvNxt + 1000), ack.Ack);
        Assert.Equal(0, ack.Header.Window);
    }

    [Fact]
    public void Rst_at_rcv_nxt_is_taken_even_with_a_zero_window()
    {
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 500 });
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[500]);
        endpoint.Drain();
        Assert.Equal(0u, endpoint.Tcb.RcvWnd);
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));
        Assert.Equal(TcpError.ConnectionReset, endpoint.Tcb.Error);
    }

    [Fact]
    public void Acks_carry_the_highest_sequence_number_sent_even_while_retransmitting_from_snd_una()
    {
        // After a timeout SND.NXT goes back to SND.UNA (go-back-N), but the peer may already hold
        // everything up to SND.MAX: an ACK with the rewound SEQ would be old to it and dropped
        // with its ACK field (two such ends ACK each other forever). Pure ACKs therefore carry
        // SND.MAX, inside the peer's window (BSD snd_max, Linux tcp_acceptable_seq).
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send(new byte[4000]);
        endpoint.Drain();
        var sndMax = endpoint.Tcb.SndMax;
        endpoint.Advance(endpoint.Tcb.RetransmissionTimeout);
        Assert.True(endpoint.Tcb.SndNxt < sndMax);

        // Two full segments from the peer are ACKed at once; the congestion window (one segment,
        // in flight) leaves no data segment to carry the ACK.
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[1460], ack: endpoint.Tcb.SndUna);
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[1460], ack: endpoint.Tcb.SndUna);
        var ack = endpoint.Single();
        Assert.Equal(0, ack.Length);
        Assert.Equal(sndMax, ack.Seq);
    }
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_old_duplicate_is_answered_with_an_ack_and_its_ack_field_counts_only_when_old_segment_acks_are_processed(bool processOld)
    {
        // Table 6 makes a segment wholly before RCV.NXT unacceptable: it is answered with an ACK
        // either way. With ProcessAckOfOldSegments its ACK field is still processed (BSD), its text is not.
        using var endpoint = Endpoint.Established(new TcpSettings { ProcessAckOfOldSegments = processOld });
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[10]);
        endpoint.Tcb.Send("reply"u8);
        endpoint.Single();
        var sndUna = endpoint.Tcb.SndUna;

        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt, ack: sndUna + 5), new byte[10]);
        var ack = endpoint.Single();
        Assert.Equal((".", (SequenceNumber)(RcvNxt + 10)), (ack.FlagText, ack.Ack));
        Assert.Equal(processOld ? sndUna + 5 : sndUna, endpoint.Tcb.SndUna);
        Assert.Equal(10, endpoint.Tcb.BytesReadable);
    }
}
