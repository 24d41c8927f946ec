using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.10.7.4 in CLOSING (simultaneous close).</summary>
public class ClosingTests
{
    [Fact]
    public void Ack_of_our_fin_enters_time_wait()
    {
        // Fifth, CLOSING: "if the ACK acknowledges our FIN, then enter the TIME-WAIT state".
        using var endpoint = Endpoint.Closing();
        endpoint.FromPeer(TcpFlags.Ack);
        endpoint.AssertSilent();
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
        Assert.Equal(TcpCauses.ReceivedAckOfFin, endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged).Cause);
    }

    [Fact]
    public void Ack_that_does_not_cover_our_fin_is_ignored()
    {
        // "... otherwise, ignore the segment."
        using var endpoint = Endpoint.Closing();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, ack: endpoint.Tcb.SndUna));
        endpoint.AssertSilent();
        Assert.Equal(TcpState.Closing, endpoint.Tcb.State);
    }

    [Fact]
    public void Rst_closes_the_connection_and_reports_a_reset_to_the_user()
    {
        // Second, CLOSING: "If the RST bit is set, then enter the CLOSED state". A user who only
        // shut down sending is told ECONNRESET, as by Linux's tcp_reset.
        using var endpoint = Endpoint.Closing();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));
        endpoint.AssertSilent();
        Assert.Equal((TcpState.Closed, TcpError.ConnectionReset), (endpoint.Tcb.State, endpoint.Tcb.Error));
    }

    [Fact]
    public void Our_fin_is_retransmitted_until_acknowledged()
    {
        using var endpoint = Endpoint.Closing();
        var fin = endpoint.Advance(TimeSpan.FromSeconds(1))[0].Segment;
        Assert.Equal(("F.", (SequenceNumber)(Endpoint.LocalIss + 1), (SequenceNumber)(Endpoint.PeerIss + 2)), (fin.FlagText, fin.Seq, fin.Ack));
    }
}
