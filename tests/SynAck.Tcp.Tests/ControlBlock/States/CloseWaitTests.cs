using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.10 in CLOSE-WAIT: the peer has finished; we may still send (half-close).</summary>
public class CloseWaitTests
{
    [Fact]
    public void Data_can_still_be_sent_in_close_wait()
    {
        // RFC 9293 §3.10.2 CLOSE-WAIT: segmentize the buffer and send it.
        using var endpoint = Endpoint.CloseWait();
        Assert.True(endpoint.Tcb.CanSend);
        endpoint.Tcb.Send("reply"u8);
        var data = endpoint.Single();
        Assert.Equal(("P.", 5, (SequenceNumber)(Endpoint.PeerIss + 2)), (data.FlagText, data.Length, data.Ack));
    }

    [Fact]
    public void Shutdown_sends_fin_after_the_queued_data_and_enters_last_ack()
    {
        // RFC 9293 §3.10.4 CLOSE-WAIT: queue until all preceding SENDs are segmentized, then send a FIN; LAST-ACK.
        using var endpoint = Endpoint.CloseWait();
        endpoint.Tcb.Send(new byte[3000]);
        endpoint.Tcb.ShutdownSend(endpoint.Now);
        Assert.Equal(TcpState.LastAck, endpoint.Tcb.State);
        var sent = endpoint.Drain();
        Assert.Equal([".", ".", "FP."], sent.Select(s => s.FlagText));
        Assert.Equal([1460, 1460, 80], sent.Select(s => s.Length));
        Assert.Equal(endpoint.Tcb.SndNxt, sent[^1].Seq + sent[^1].Length + 1);
    }

    [Fact]
    public void Text_after_the_fin_is_ignored()
    {
        // Seventh, CLOSE-WAIT: "This should not occur since a FIN has been received ... Ignore the segment text."
        using var endpoint = Endpoint.CloseWait();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack), [1, 2, 3]);
        Assert.Equal(0, endpoint.Tcb.BytesReadable);
    }

    [Fact]
    public void Retransmitted_fin_is_acknowledged_again()
    {
        // The repeated FIN is old: the first check answers it with an ACK.
        using var endpoint = Endpoint.CloseWait();
        endpoint.Feed(endpoint.Segment(TcpFlags.Fin | TcpFlags.Ack, seq: Endpoint.PeerIss + 1));
        var ack = endpoint.Single();
        Assert.Equal((SequenceNumber)(Endpoint.PeerIss + 2), ack.Ack);
        Assert.Equal(TcpState.CloseWait, endpoint.Tcb.State);
    }

    [Fact]
    public void Close_with_unread_data_sends_rst_instead_of_fin()
    {
        // RFC 9293 SHLD-3 (RFC 2525 §2.17, Linux): closing with unread data resets the connection.
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Fin, payload: [1, 2, 3]);
        endpoint.Single();
        endpoint.Tcb.Close(endpoint.Now);
        var rst = endpoint.Single();
        Assert.Equal(("R.", endpoint.Tcb.SndNxt, (SequenceNumber)(Endpoint.PeerIss + 5)), (rst.FlagText, rst.Seq, rst.Ack));
        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
        Assert.Equal(TcpCauses.CloseWithUnreadData, endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged).Cause);
    }

    [Fact]
    public void Rst_at_rcv_nxt_resets()
    {
        using var endpoint = Endpoint.CloseWait();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));
        Assert.Equal((TcpState.Closed, TcpError.ConnectionReset), (endpoint.Tcb.State, endpoint.Tcb.Error));
    }
}
