using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.10.4 (CLOSE in ESTABLISHED) and §3.10.7.4 in FIN-WAIT-1.</summary>
public class FinWait1Tests
{
    [Fact]
    public void Shutdown_sends_fin_after_the_queued_data_and_enters_fin_wait_1()
    {
        // CLOSE in ESTABLISHED: "Queue this until all preceding SENDs have been segmentized, then
        // form a FIN segment and send it. In any case, enter FIN-WAIT-1 state."
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send("last words"u8);
        endpoint.Tcb.ShutdownSend(endpoint.Now);
        Assert.Equal(TcpState.FinWait1, endpoint.Tcb.State);
        var fin = endpoint.Single();

        Assert.Equal(("FP.", (SequenceNumber)(Endpoint.LocalIss + 1), 10), (fin.FlagText, fin.Seq, fin.Length));
        Assert.Equal((SequenceNumber)(Endpoint.LocalIss + 12), endpoint.Tcb.SndNxt);
        Assert.False(endpoint.Tcb.CanSend);
        Assert.Throws<InvalidOperationException>(() => endpoint.Tcb.Send([1]));
    }

    [Fact]
    public void Ack_of_the_fin_enters_fin_wait_2()
    {
        // Fifth, FIN-WAIT-1: "if the FIN segment is now acknowledged, then enter FIN-WAIT-2".
        using var endpoint = Endpoint.FinWait1();
        endpoint.FromPeer(TcpFlags.Ack);
        Assert.Equal(TcpState.FinWait2, endpoint.Tcb.State);
        Assert.Equal(TcpCauses.ReceivedAckOfFin, endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged).Cause);
        Assert.Equal(TimeSpan.MaxValue, endpoint.Tcb.NextDeadline);
    }

    [Fact]
    public void Ack_of_data_before_the_fin_keeps_fin_wait_1()
    {
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send(new byte[10]);
        endpoint.Tcb.ShutdownSend(endpoint.Now);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack, ack: Endpoint.LocalIss + 11);
        Assert.Equal(TcpState.FinWait1, endpoint.Tcb.State);
    }

    [Fact]
    public void Fin_that_does_not_acknowledge_ours_enters_closing()
    {
        // Eighth, FIN-WAIT-1: our FIN not ACKed, so CLOSING; the FIN is acknowledged.
        using var endpoint = Endpoint.FinWait1();
        endpoint.FromPeer(TcpFlags.Fin | TcpFlags.Ack, ack: endpoint.Tcb.SndUna);
        var ack = endpoint.Single();
        Assert.Equal((".", (SequenceNumber)(Endpoint.PeerIss + 2)), (ack.FlagText, ack.Ack));
        Assert.Equal(TcpState.Closing, endpoint.Tcb.State);
    }

    [Fact]
    public void Fin_that_acknowledges_ours_enters_time_wait_through_fin_wait_2()
    {
        // Fifth step first (our FIN is ACKed: FIN-WAIT-2), then the eighth (FIN: TIME-WAIT).
        using var endpoint = Endpoint.FinWait1();
        endpoint.FromPeer(TcpFlags.Fin | TcpFlags.Ack);
        Assert.Equal(".", endpoint.Single().FlagText);
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
        Assert.Equal([TcpState.FinWait2, TcpState.TimeWait], endpoint.StatesEntered.TakeLast(2));
    }

    [Fact]
    public void Text_is_still_received_after_shutting_down_sending()
    {
        // Seventh, FIN-WAIT-1: text is delivered (half-close: RECEIVEs are allowed).
        using var endpoint = Endpoint.FinWait1();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: "more"u8.ToArray(), ack: endpoint.Tcb.SndUna);
        Assert.Equal(4, endpoint.Tcb.BytesReadable);
    }

    [Fact]
    public void Unacknowledged_fin_is_retransmitted_on_timeout()
    {
        // RFC 9293 §3.10.8: the FIN is on the retransmission queue like data.
        using var endpoint = Endpoint.FinWait1();
        var fin = endpoint.Advance(TimeSpan.FromSeconds(1))[0].Segment;
        Assert.Equal(("F.", endpoint.Tcb.SndUna), (fin.FlagText, fin.Seq));
        Assert.True(endpoint.Tcb.Counters.SegmentsRetransmitted >= 1);
    }

    [Fact]
    public void Shutting_down_twice_sends_no_second_fin()
    {
        // RFC 9293 §3.10.4 FIN-WAIT-1: "ok" is acceptable "as long as a second FIN is not emitted".
        using var endpoint = Endpoint.FinWait1();
        endpoint.Tcb.ShutdownSend(endpoint.Now);
        endpoint.Tcb.Close(endpoint.Now);
        endpoint.AssertSilent();
        Assert.Equal(TcpState.FinWait1, endpoint.Tcb.State);
    }

    [Fact]
    public void Rst_at_rcv_nxt_resets()
    {
        using var endpoint = Endpoint.FinWait1();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));
        Assert.Equal((TcpState.Closed, TcpError.ConnectionReset), (endpoint.Tcb.State, endpoint.Tcb.Error));
    }
}
