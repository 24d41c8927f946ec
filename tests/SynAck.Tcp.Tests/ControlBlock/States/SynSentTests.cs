using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.10.1 (active OPEN) and §3.10.7.3: segments arriving in SYN-SENT.</summary>
public class SynSentTests
{
    [Fact]
    public void Active_open_sends_syn_from_iss_with_mss_and_window_scale()
    {
        // OPEN: <SEQ=ISS><CTL=SYN>, SND.UNA <- ISS, SND.NXT <- ISS+1, SYN-SENT. MUST-14: MSS option.
        using var endpoint = new Endpoint();
        endpoint.Tcb.OpenActive(endpoint.Now);
        var syn = endpoint.Single();

        Assert.Equal(("S", (SequenceNumber)Endpoint.LocalIss), (syn.FlagText, syn.Seq));
        Assert.Equal((ushort)1460, syn.Header.Options.MaximumSegmentSize);
        Assert.Equal((byte)2, syn.Header.Options.WindowScale);
        Assert.Equal((Endpoint.LocalPort, Endpoint.RemotePort), (syn.Header.SourcePort, syn.Header.DestinationPort));
        Assert.Equal((SequenceNumber)Endpoint.LocalIss, endpoint.Tcb.SndUna);
        Assert.Equal((SequenceNumber)(Endpoint.LocalIss + 1), endpoint.Tcb.SndNxt);
        Assert.Equal(TcpState.SynSent, endpoint.Tcb.State);
        Assert.Equal(TcpCauses.ActiveOpen, endpoint.Events.Single(e => e.Kind == TcpEventKind.StateChanged).Cause);
    }

    [Fact]
    public void Mss_option_for_ipv6_leaves_room_for_the_larger_ip_header()
    {
        var identity = new TcpConnectionIdentity(System.Net.IPAddress.Parse("2001:db8::1"), 40000, System.Net.IPAddress.Parse("2001:db8::2"), 80);
        using var tcb = new TcpControlBlock(identity, TcpSettings.Default, new FixedSequenceNumbers(1));
        tcb.OpenActive(TimeSpan.Zero);
        Assert.True(tcb.TryGetSegment(TimeSpan.Zero, new byte[2000], out var syn, out _));
        Assert.Equal((ushort)1440, syn.Options.MaximumSegmentSize);
    }

    [Theory]
    [InlineData(Endpoint.LocalIss)]
    [InlineData(Endpoint.LocalIss - 5)]
    [InlineData(Endpoint.LocalIss + 2)]
    public void Ack_that_does_not_acknowledge_our_syn_gets_rst_and_is_dropped(uint ack)
    {
        // First, check the ACK bit: if SEG.ACK =< ISS or SEG.ACK > SND.NXT, send <SEQ=SEG.ACK><CTL=RST>.
        using var endpoint = Endpoint.SynSent();
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, ack: ack, options: Endpoint.SynOptions());
        var rst = endpoint.Single();
        Assert.Equal(("R", (SequenceNumber)ack), (rst.FlagText, rst.Seq));
        Assert.Equal(TcpState.SynSent, endpoint.Tcb.State);
    }

    [Fact]
    public void Unacceptable_ack_with_rst_is_dropped_without_an_answer()
    {
        // "... send a reset (unless the RST bit is set, if so drop the segment and return)".
        using var endpoint = Endpoint.SynSent();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst | TcpFlags.Ack, ack: Endpoint.LocalIss + 7));
        endpoint.AssertSilent();
        Assert.Equal(TcpState.SynSent, endpoint.Tcb.State);
    }

    [Fact]
    public void Rst_with_acceptable_ack_refuses_the_connection()
    {
        // Second, check the RST bit: with an acceptable ACK signal "connection reset", enter CLOSED.
        using var endpoint = Endpoint.SynSent();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst | TcpFlags.Ack, seq: 0, ack: Endpoint.LocalIss + 1));

        endpoint.AssertSilent();
        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
        Assert.Equal(TcpError.ConnectionRefused, endpoint.Tcb.Error);
        Assert.Equal(TcpEventKind.Closed, endpoint.Events[^1].Kind);
        Assert.Single(endpoint.Events, e => e.Kind == TcpEventKind.Error);
        Assert.Equal(TimeSpan.MaxValue, endpoint.Tcb.NextDeadline);
    }

    [Fact]
    public void Rst_without_ack_is_dropped()
    {
        // "Otherwise (no ACK), drop the segment and return."
        using var endpoint = Endpoint.SynSent();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));
        endpoint.AssertSilent();
        Assert.Equal(TcpState.SynSent, endpoint.Tcb.State);
        Assert.Equal(TcpError.None, endpoint.Tcb.Error);
    }

    [Fact]
    public void Syn_ack_establishes_and_is_acknowledged_with_snd_nxt_and_rcv_nxt()
    {
        // Fourth, check the SYN bit: RCV.NXT <- SEG.SEQ+1, IRS <- SEG.SEQ, SND.UNA <- SEG.ACK; our
        // SYN is ACKed so ESTABLISHED, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
        using var endpoint = Endpoint.SynSent();
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, window: 30000, options: Endpoint.SynOptions(windowScale: 3));
        var ack = endpoint.Single();

        Assert.Equal((".", (SequenceNumber)(Endpoint.LocalIss + 1), (SequenceNumber)(Endpoint.PeerIss + 1)), (ack.FlagText, ack.Seq, ack.Ack));
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
        Assert.Equal((SequenceNumber)(Endpoint.LocalIss + 1), endpoint.Tcb.SndUna);
        Assert.Equal((SequenceNumber)Endpoint.PeerIss, endpoint.Tcb.Irs);

        // The SYN+ACK's window is not scaled (RFC 7323 §2.2); later windows are, by the peer's shift.
        Assert.Equal(30000u, endpoint.Tcb.SndWnd);
        Assert.Equal(3, endpoint.Tcb.SendWindowShift);
        Assert.Equal(TcpCauses.ReceivedSynAck, endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged).Cause);
        Assert.Contains(endpoint.Events, e => e.Kind == TcpEventKind.Established);
    }

    [Fact]
    public void Syn_ack_without_window_scale_turns_scaling_off_for_both_directions()
    {
        // RFC 7323 §2.2: scaling is in effect only when both SYNs carried the option.
        using var endpoint = Endpoint.SynSent();
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, options: Endpoint.SynOptions());
        Assert.Equal((0, 0), (endpoint.Tcb.SendWindowShift, endpoint.Tcb.ReceiveWindowShift));
        endpoint.FromPeer(TcpFlags.Ack, window: 1000);
        Assert.Equal(1000u, endpoint.Tcb.SndWnd);
    }

    [Fact]
    public void Window_scale_above_fourteen_is_used_as_fourteen()
    {
        // RFC 7323 §2.3: a shift count above 14 is treated as 14.
        using var endpoint = Endpoint.SynSent();
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, options: Endpoint.SynOptions(windowScale: 20));
        Assert.Equal(14, endpoint.Tcb.SendWindowShift);
    }

    [Fact]
    public void Syn_ack_with_data_delivers_the_data_at_the_sixth_step()
    {
        // "If there are other controls or text in the segment, then continue processing at the sixth step".
        using var endpoint = Endpoint.SynSent();
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, payload: "hello"u8.ToArray(), options: Endpoint.SynOptions());
        var ack = endpoint.Single();

        Assert.Equal((SequenceNumber)(Endpoint.PeerIss + 6), ack.Ack);
        var buffer = new byte[16];
        Assert.Equal(5, endpoint.Tcb.Receive(buffer));
        Assert.Equal("hello"u8.ToArray(), buffer[..5]);
    }

    [Fact]
    public void Syn_without_ack_is_a_simultaneous_open_answered_with_syn_ack_from_iss()
    {
        // Otherwise (MUST-10): enter SYN-RECEIVED, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>,
        // SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK.
        using var endpoint = Endpoint.SynSent();
        endpoint.FromPeer(TcpFlags.Syn, window: 4000, options: Endpoint.SynOptions());
        var synAck = endpoint.Single();

        Assert.Equal(("S.", (SequenceNumber)Endpoint.LocalIss, (SequenceNumber)(Endpoint.PeerIss + 1)), (synAck.FlagText, synAck.Seq, synAck.Ack));
        Assert.Equal(TcpState.SynReceived, endpoint.Tcb.State);
        Assert.Equal(4000u, endpoint.Tcb.SndWnd);
        Assert.Equal((SequenceNumber)Endpoint.PeerIss, endpoint.Tcb.SndWl1);
        Assert.False(endpoint.Tcb.IsPassive);
    }

    [Fact]
    public void Simultaneous_open_syn_ack_is_no_retransmission_so_data_starts_with_the_full_initial_window()
    {
        // The SYN+ACK repeats ISS to answer the peer's SYN; nothing was lost, so neither the
        // one-segment window of RFC 5681 §3.1 / RFC 6928 §2 nor the 3 s RTO of RFC 6298 §5.7 applies.
        using var endpoint = Endpoint.SynSent(new TcpSettings { MaximumSegmentSize = 536 });
        endpoint.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions(mss: 536));
        Assert.Equal("S.", endpoint.Single().FlagText);
        endpoint.FromPeer(TcpFlags.Ack, ack: Endpoint.LocalIss + 1);
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);

        endpoint.Tcb.Send(new byte[20 * 536]);
        var burst = endpoint.Drain();

        Assert.Equal(0, endpoint.Tcb.Counters.SegmentsRetransmitted);
        Assert.Equal(10, burst.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), endpoint.Tcb.NextDeadline - endpoint.Now);
    }

    [Fact]
    public void Simultaneous_open_syn_ack_sent_again_after_a_timeout_is_a_retransmission()
    {
        // The control: when the SYN+ACK itself times out, the handshake did lose a segment.
        using var endpoint = Endpoint.SynSent(new TcpSettings { MaximumSegmentSize = 536 });
        endpoint.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions(mss: 536));
        endpoint.Single();
        var again = endpoint.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal("S.", Assert.Single(again).Segment.FlagText);
        endpoint.FromPeer(TcpFlags.Ack, ack: Endpoint.LocalIss + 1);

        endpoint.Tcb.Send(new byte[20 * 536]);
        Assert.Single(endpoint.Drain());
        Assert.Equal(1, endpoint.Tcb.Counters.SegmentsRetransmitted);
    }

    [Fact]
    public void Text_on_a_syn_without_ack_is_queued_until_established_and_then_delivered()
    {
        // RFC 9293 §3.10.7.3: "If there are other controls or text in the segment, queue them for
        // processing after the ESTABLISHED state has been reached". The SYN+ACK acknowledges the
        // SYN only; the text is neither readable nor acknowledged before ESTABLISHED.
        using var endpoint = Endpoint.SynSent();
        endpoint.FromPeer(TcpFlags.Syn, payload: "abc"u8.ToArray(), options: Endpoint.SynOptions());
        var synAck = endpoint.Single();
        Assert.Equal(("S.", (SequenceNumber)(Endpoint.PeerIss + 1)), (synAck.FlagText, synAck.Ack));
        Assert.Equal((ushort)65535, synAck.Header.Window);
        Assert.Equal(0, endpoint.Tcb.BytesReadable);
        Assert.Equal((SequenceNumber)(Endpoint.PeerIss + 1), endpoint.Tcb.RcvNxt);

        endpoint.FromPeer(TcpFlags.Ack, ack: Endpoint.LocalIss + 1);
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
        Assert.Equal((SequenceNumber)(Endpoint.PeerIss + 4), endpoint.Tcb.RcvNxt);
        var buffer = new byte[16];
        Assert.Equal(3, endpoint.Tcb.Receive(buffer));
        Assert.Equal("abc"u8.ToArray(), buffer[..3]);
        Assert.Equal(
            [TcpEventKind.Established, TcpEventKind.DataReadable],
            endpoint.Events.Where(e => e.Kind is TcpEventKind.Established or TcpEventKind.DataReadable).Select(e => e.Kind));

        // The text is acknowledged as any other: within the delayed-ACK timeout.
        var acks = endpoint.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal((SequenceNumber)(Endpoint.PeerIss + 4), Assert.Single(acks).Segment.Ack);
    }

    [Fact]
    public void Text_on_a_syn_and_text_after_it_in_syn_received_are_delivered_in_order()
    {
        // The ACK that completes the handshake carries the next bytes: they follow the SYN's text.
        using var endpoint = Endpoint.SynSent();
        endpoint.FromPeer(TcpFlags.Syn, payload: "abc"u8.ToArray(), options: Endpoint.SynOptions());
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: "def"u8.ToArray(), ack: Endpoint.LocalIss + 1);

        var buffer = new byte[16];
        Assert.Equal(6, endpoint.Tcb.Receive(buffer));
        Assert.Equal("abcdef"u8.ToArray(), buffer[..6]);
        Assert.Equal((SequenceNumber)(Endpoint.PeerIss + 7), endpoint.Tcb.RcvNxt);
    }

    [Fact]
    public void Segment_without_syn_or_rst_is_dropped()
    {
        // Fifth, if neither of the SYN or RST bits is set, drop the segment.
        using var endpoint = Endpoint.SynSent();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, ack: Endpoint.LocalIss + 1), [1, 2]);
        endpoint.AssertSilent();
        Assert.Equal(TcpState.SynSent, endpoint.Tcb.State);
    }

    [Fact]
    public void Syn_is_retransmitted_with_exponential_backoff_and_the_open_fails_after_six_retries()
    {
        // RFC 6298 §5.5 backoff from the 1 s initial RTO; Linux tcp_syn_retries = 6, so the open
        // fails at 1+2+4+8+16+32+64 = 127 s (RFC 9293 MUST-23: at least 3 minutes is a SHOULD-level
        // R2 for SYNs; the count is configurable).
        using var endpoint = Endpoint.SynSent();
        var start = endpoint.Now;
        var sent = endpoint.Advance(TimeSpan.FromSeconds(200));

        Assert.Equal([1, 3, 7, 15, 31, 63], sent.Select(s => (int)(s.Time - start).TotalSeconds));
        Assert.All(sent, s => Assert.Equal(("S", (SequenceNumber)Endpoint.LocalIss), (s.Segment.FlagText, s.Segment.Seq)));
        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
        Assert.Equal(TcpError.TimedOut, endpoint.Tcb.Error);
        var failure = endpoint.Events.Single(e => e.Kind == TcpEventKind.Error);
        Assert.Equal((TcpCauses.RetransmissionLimit, TimeSpan.FromSeconds(127)), (failure.Cause, failure.Time - start));
        Assert.Equal(6, endpoint.Tcb.Counters.SegmentsRetransmitted);
    }

    [Fact]
    public void Syn_retries_are_configurable()
    {
        using var endpoint = Endpoint.SynSent(new TcpSettings { SynRetries = 2 });
        var start = endpoint.Now;
        endpoint.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(7), endpoint.Events.Single(e => e.Kind == TcpEventKind.Error).Time - start);
    }

    [Fact]
    public void Connect_timeout_fails_the_open_though_syn_retries_remain()
    {
        // FreeBSD's keepinit: the open is given up 10 s after it began, after the SYNs of 1, 3 and 7 s.
        using var endpoint = Endpoint.SynSent(new TcpSettings { ConnectTimeout = TimeSpan.FromSeconds(10) });
        var start = endpoint.Now;
        var sent = endpoint.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal([1, 3, 7], sent.Select(s => (int)(s.Time - start).TotalSeconds));
        Assert.Equal((TcpState.Closed, TcpError.TimedOut), (endpoint.Tcb.State, endpoint.Tcb.Error));
        var failure = endpoint.Events.Single(e => e.Kind == TcpEventKind.Error);
        Assert.Equal((TcpCauses.ConnectTimeout, TimeSpan.FromSeconds(10)), (failure.Cause, failure.Time - start));
    }

    [Fact]
    public void Connect_timeout_also_ends_a_simultaneous_open_stuck_in_syn_received()
    {
        using var endpoint = Endpoint.SynSent(new TcpSettings { ConnectTimeout = TimeSpan.FromSeconds(2) });
        var start = endpoint.Now;
        endpoint.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions());
        endpoint.Single();
        endpoint.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal((TcpState.Closed, TcpError.TimedOut), (endpoint.Tcb.State, endpoint.Tcb.Error));
        Assert.Equal(TimeSpan.FromSeconds(2), endpoint.Events.Single(e => e.Kind == TcpEventKind.Error).Time - start);
    }

    [Fact]
    public void Connect_timeout_ends_with_the_open()
    {
        using var endpoint = Endpoint.SynSent(new TcpSettings { ConnectTimeout = TimeSpan.FromSeconds(2) });
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, options: Endpoint.SynOptions());
        endpoint.Single();

        Assert.Equal(TimeSpan.MaxValue, endpoint.Tcb.NextDeadline);
        endpoint.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal((TcpState.Established, TcpError.None), (endpoint.Tcb.State, endpoint.Tcb.Error));
    }

    [Fact]
    public void Close_in_syn_sent_deletes_the_connection_without_a_segment()
    {
        // RFC 9293 §3.10.4 SYN-SENT: delete the TCB.
        using var endpoint = Endpoint.SynSent();
        endpoint.Tcb.Close(endpoint.Now);
        endpoint.AssertSilent();
        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
        Assert.Equal(TimeSpan.MaxValue, endpoint.Tcb.NextDeadline);
    }

    [Fact]
    public void Abort_in_syn_sent_closes_without_rst_and_records_aborted()
    {
        // RFC 9293 §3.10.5 SYN-SENT: "connection reset" to the user, delete the TCB; no RST.
        using var endpoint = Endpoint.SynSent();
        endpoint.Tcb.Abort(endpoint.Now);
        endpoint.AssertSilent();
        Assert.Equal(TcpError.ConnectionAborted, endpoint.Tcb.Error);
    }

    [Fact]
    public void Data_sent_in_syn_sent_waits_for_established()
    {
        // RFC 9293 §3.10.2 SYN-SENT: queue the data for transmission after entering ESTABLISHED.
        using var endpoint = Endpoint.SynSent();
        Assert.Equal(4, endpoint.Tcb.Send("ping"u8));
        endpoint.AssertSilent();
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, options: Endpoint.SynOptions());
        var data = endpoint.Single();
        Assert.Equal(("P.", (SequenceNumber)(Endpoint.LocalIss + 1), 4), (data.FlagText, data.Seq, data.Length));
    }

    [Fact]
    public void Icmp_unreachable_fails_the_open()
    {
        // RFC 9293 §3.9.2.2 and issue 4: an unreachable destination fails the connect.
        using var endpoint = Endpoint.SynSent();
        endpoint.Tcb.OnNetworkError(TcpError.HostUnreachable, hard: false, endpoint.Now);
        Assert.Equal((TcpState.Closed, TcpError.HostUnreachable), (endpoint.Tcb.State, endpoint.Tcb.Error));
    }

    [Fact]
    public void After_a_syn_timeout_data_starts_with_a_three_second_rto_and_a_one_segment_window()
    {
        // RFC 6298 §5.7: the SYN timed out and Karn gives no sample, so the RTO becomes 3 s when
        // data transmission begins; RFC 5681 §3.1 (RFC 6928): the initial window is one segment.
        using var endpoint = Endpoint.SynSent();
        Assert.Single(endpoint.Advance(TimeSpan.FromSeconds(1)));
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, options: Endpoint.SynOptions());
        endpoint.Single();

        Assert.Equal(TimeSpan.FromSeconds(3), endpoint.Tcb.RetransmissionTimeout);
        Assert.Equal(1460, endpoint.Tcb.CongestionWindow);
        endpoint.Tcb.Send(new byte[5000]);
        Assert.Single(endpoint.Drain());
    }
}
