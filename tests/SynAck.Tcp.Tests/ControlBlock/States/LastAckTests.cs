using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.10.7.4 in LAST-ACK.</summary>
public class LastAckTests
{
    [Fact]
    public void Ack_of_our_fin_closes_the_connection()
    {
        // Fifth, LAST-ACK: "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state".
        using var endpoint = Endpoint.LastAck();
        endpoint.FromPeer(TcpFlags.Ack);
        endpoint.AssertSilent();
        Assert.Equal((TcpState.Closed, TcpError.None), (endpoint.Tcb.State, endpoint.Tcb.Error));
        Assert.Equal(TcpCauses.ReceivedAckOfFin, endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged).Cause);
        Assert.Equal(TcpEventKind.Closed, endpoint.Events[^1].Kind);
        Assert.Equal(TimeSpan.MaxValue, endpoint.Tcb.NextDeadline);
    }

    [Fact]
    public void Ack_not_covering_our_fin_keeps_last_ack()
    {
        using var endpoint = Endpoint.LastAck();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, ack: endpoint.Tcb.SndUna));
        Assert.Equal(TcpState.LastAck, endpoint.Tcb.State);
    }

    [Fact]
    public void Peers_repeated_fin_is_acknowledged_again()
    {
        using var endpoint = Endpoint.LastAck();
        endpoint.Feed(endpoint.Segment(TcpFlags.Fin | TcpFlags.Ack, seq: Endpoint.PeerIss + 1, ack: endpoint.Tcb.SndUna));
        var ack = endpoint.Single();
        Assert.Equal((SequenceNumber)(Endpoint.PeerIss + 2), ack.Ack);
        Assert.Equal(TcpState.LastAck, endpoint.Tcb.State);
    }

    [Fact]
    public void Fin_is_retransmitted_then_the_connection_times_out_after_r2()
    {
        // The FIN is retransmitted like data; after R2 retransmissions the connection fails.
        using var endpoint = Endpoint.LastAck(new TcpSettings { Retries2 = 4 });
        var sent = endpoint.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(4, sent.Count);
        Assert.All(sent, s => Assert.Equal("F.", s.Segment.FlagText));
        Assert.Equal((TcpState.Closed, TcpError.TimedOut), (endpoint.Tcb.State, endpoint.Tcb.Error));
    }

    [Fact]
    public void Rst_closes_the_connection_and_reports_a_reset_to_the_user()
    {
        // Second, LAST-ACK: "enter the CLOSED state". The user who only shut down sending still
        // holds the connection and is told ECONNRESET, as by Linux's tcp_reset and FreeBSD.
        using var endpoint = Endpoint.LastAck();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));
        endpoint.AssertSilent();
        Assert.Equal((TcpState.Closed, TcpError.ConnectionReset), (endpoint.Tcb.State, endpoint.Tcb.Error));
        Assert.Equal(TcpCauses.ReceivedRst, endpoint.Events.Single(e => e.Kind == TcpEventKind.Error).Cause);
    }

    [Fact]
    public void Last_ack_sent_with_the_sequence_number_of_the_peer_fin_is_answered_and_dropped()
    {
        // First check, Table 6: SEG.SEQ = RCV.NXT - 1 with no text is unacceptable; send
        // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it: LAST-ACK stays (as Linux).
        using var endpoint = Endpoint.LastAck();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: endpoint.Tcb.RcvNxt - 1));
        var ack = endpoint.Single();
        Assert.Equal((".", endpoint.Tcb.RcvNxt), (ack.FlagText, ack.Ack));
        Assert.Equal(TcpState.LastAck, endpoint.Tcb.State);
    }

    [Fact]
    public void With_old_segment_acks_processed_that_last_ack_closes_the_connection_without_a_reply()
    {
        // ProcessAckOfOldSegments (BSD): the segment is trimmed to nothing and its ACK still
        // processed; it acknowledges our FIN, so the connection closes and nothing is sent.
        using var endpoint = Endpoint.LastAck(new TcpSettings { ProcessAckOfOldSegments = true });
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: endpoint.Tcb.RcvNxt - 1));
        endpoint.AssertSilent();
        Assert.Equal((TcpState.Closed, TcpError.None), (endpoint.Tcb.State, endpoint.Tcb.Error));
    }
}
