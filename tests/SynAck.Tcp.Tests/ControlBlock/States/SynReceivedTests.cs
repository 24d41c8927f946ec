using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.10.7.4 for SYN-RECEIVED.</summary>
public class SynReceivedTests
{
    [Fact]
    public void Ack_of_our_syn_establishes_with_the_scaled_window()
    {
        // Fifth, SYN-RECEIVED: if SND.UNA < SEG.ACK =< SND.NXT, enter ESTABLISHED with
        // SND.WND <- SEG.WND (scaled: this is not a SYN), SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK.
        var endpoint = new Endpoint();
        endpoint.Tcb.OpenPassive(endpoint.Now);
        endpoint.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions(windowScale: 4));
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack, window: 1000);

        endpoint.AssertSilent();
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
        Assert.Equal(16000u, endpoint.Tcb.SndWnd);
        Assert.Equal((SequenceNumber)(Endpoint.PeerIss + 1), endpoint.Tcb.SndWl1);
        Assert.Equal((SequenceNumber)(Endpoint.LocalIss + 1), endpoint.Tcb.SndWl2);
        Assert.Equal(TcpCauses.ReceivedAckOfSyn, endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged).Cause);
        endpoint.Dispose();
    }

    [Theory]
    [InlineData(Endpoint.LocalIss)]
    [InlineData(Endpoint.LocalIss + 2)]
    public void Unacceptable_ack_gets_rst_whose_seq_is_the_segments_ack(uint ack)
    {
        // "If the segment acknowledgment is not acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST>".
        using var endpoint = Endpoint.SynReceived();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, ack: ack));
        var rst = endpoint.Single();
        Assert.Equal(("R", (SequenceNumber)ack), (rst.FlagText, rst.Seq));
        Assert.Equal(TcpState.SynReceived, endpoint.Tcb.State);
    }

    [Fact]
    public void Rst_returns_a_passive_connection_to_listen_without_an_error()
    {
        // Second, SYN-RECEIVED: from a passive OPEN, return to LISTEN (MUST-11); the user need not be informed.
        using var endpoint = Endpoint.SynReceived();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));

        endpoint.AssertSilent();
        Assert.Equal(TcpState.Listen, endpoint.Tcb.State);
        Assert.Equal(TcpError.None, endpoint.Tcb.Error);
        Assert.Contains(endpoint.Events, e => e.Kind == TcpEventKind.ReturnedToListen && e.Cause == TcpCauses.ReceivedRst);
        Assert.Equal(TimeSpan.MaxValue, endpoint.Tcb.NextDeadline);
    }

    [Fact]
    public void Rst_in_a_simultaneous_open_refuses_the_connection()
    {
        // "If this connection was initiated with an active OPEN ... the connection was refused".
        using var endpoint = Endpoint.SynSent();
        endpoint.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions());
        endpoint.Single();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));

        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
        Assert.Equal(TcpError.ConnectionRefused, endpoint.Tcb.Error);
    }

    [Fact]
    public void Rst_not_at_rcv_nxt_gets_a_challenge_ack_instead()
    {
        // RFC 5961 §3.2 applies to SYN-RECEIVED too (RFC 9293 §3.10.7.4 second check).
        using var endpoint = Endpoint.SynReceived();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst, seq: Endpoint.PeerIss + 100));
        var ack = endpoint.Single();
        Assert.Equal((".", (SequenceNumber)(Endpoint.LocalIss + 1), (SequenceNumber)(Endpoint.PeerIss + 1)), (ack.FlagText, ack.Seq, ack.Ack));
        Assert.Equal(TcpState.SynReceived, endpoint.Tcb.State);
    }

    [Fact]
    public void Syn_in_window_returns_a_passive_connection_to_listen()
    {
        // Fourth, SYN-RECEIVED: "If the connection was initiated with a passive OPEN, then return
        // this connection to the LISTEN state and return."
        using var endpoint = Endpoint.SynReceived();
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: Endpoint.PeerIss + 10));
        Assert.Equal(TcpState.Listen, endpoint.Tcb.State);
        Assert.Contains(endpoint.Events, e => e.Kind == TcpEventKind.ReturnedToListen && e.Cause == TcpCauses.ReceivedSyn);
    }

    [Fact]
    public void Repeated_syn_gets_the_syn_ack_again_at_once()
    {
        // The peer's SYN again (SEG.SEQ = IRS) means our SYN+ACK was lost; Linux answers with it.
        using var endpoint = Endpoint.SynReceived();
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: Endpoint.PeerIss));
        var synAck = endpoint.Single();
        Assert.Equal(("S.", (SequenceNumber)Endpoint.LocalIss, (SequenceNumber)(Endpoint.PeerIss + 1)), (synAck.FlagText, synAck.Seq, synAck.Ack));
        Assert.Equal(1, endpoint.Tcb.Counters.SegmentsRetransmitted);
    }

    [Fact]
    public void Unacceptable_sequence_number_gets_an_ack()
    {
        // First check: not acceptable, so <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop.
        using var endpoint = Endpoint.SynReceived();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: Endpoint.PeerIss + 1 + 200_000));
        var ack = endpoint.Single();
        Assert.Equal((".", (SequenceNumber)(Endpoint.LocalIss + 1), (SequenceNumber)(Endpoint.PeerIss + 1)), (ack.FlagText, ack.Seq, ack.Ack));
        Assert.Equal(TcpState.SynReceived, endpoint.Tcb.State);
    }

    [Fact]
    public void Segment_without_ack_is_dropped()
    {
        // Fifth: if the ACK bit is off, drop the segment.
        using var endpoint = Endpoint.SynReceived();
        endpoint.FromPeer(TcpFlags.Psh, payload: [1, 2, 3]);
        endpoint.AssertSilent();
        Assert.Equal(TcpState.SynReceived, endpoint.Tcb.State);
        Assert.Equal(0, endpoint.Tcb.BytesReadable);
    }

    [Fact]
    public void Syn_ack_is_retransmitted_with_backoff_and_the_passive_open_is_dropped_after_five_retries()
    {
        // Linux tcp_synack_retries = 5: 1, 2, 4, 8, 16 s, then it gives up at 63 s.
        using var endpoint = Endpoint.SynReceived();
        var start = endpoint.Now;
        var sent = endpoint.Advance(TimeSpan.FromSeconds(100));

        Assert.Equal([1, 3, 7, 15, 31], sent.Select(s => (int)(s.Time - start).TotalSeconds));
        Assert.All(sent, s => Assert.Equal("S.", s.Segment.FlagText));
        Assert.Equal((TcpState.Closed, TcpError.TimedOut), (endpoint.Tcb.State, endpoint.Tcb.Error));
        Assert.Equal(TimeSpan.FromSeconds(63), endpoint.Events.Single(e => e.Kind == TcpEventKind.Error).Time - start);
    }

    [Fact]
    public void Shutdown_in_syn_received_sends_the_fin_once_established()
    {
        // RFC 9293 §3.10.4 SYN-RECEIVED: with data pending, queue the CLOSE for after ESTABLISHED.
        using var endpoint = Endpoint.SynReceived();
        endpoint.Tcb.Send("bye"u8);
        endpoint.Tcb.ShutdownSend(endpoint.Now);
        endpoint.AssertSilent();
        Assert.Equal(TcpState.SynReceived, endpoint.Tcb.State);

        endpoint.FromPeer(TcpFlags.Ack);
        var fin = endpoint.Single();
        Assert.Equal(("FP.", (SequenceNumber)(Endpoint.LocalIss + 1), 3), (fin.FlagText, fin.Seq, fin.Length));
        Assert.Equal([TcpState.Listen, TcpState.SynReceived, TcpState.Established, TcpState.FinWait1], endpoint.StatesEntered);
    }

    [Fact]
    public void Abort_in_syn_received_sends_rst()
    {
        // RFC 9293 §3.10.5 SYN-RECEIVED: send <SEQ=SND.NXT><CTL=RST>.
        using var endpoint = Endpoint.SynReceived();
        endpoint.Tcb.Abort(endpoint.Now);
        var rst = endpoint.Single();
        Assert.Equal(("R.", (SequenceNumber)(Endpoint.LocalIss + 1)), (rst.FlagText, rst.Seq));
        Assert.Equal(TcpError.ConnectionAborted, endpoint.Tcb.Error);
    }
}
