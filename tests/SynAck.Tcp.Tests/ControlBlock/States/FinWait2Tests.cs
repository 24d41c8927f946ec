using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.10.7.4 in FIN-WAIT-2.</summary>
public class FinWait2Tests
{
    [Fact]
    public void Fin_enters_time_wait_and_is_acknowledged()
    {
        // Eighth, FIN-WAIT-2: enter TIME-WAIT, start the time-wait timer, turn off the other timers.
        using var endpoint = Endpoint.FinWait2();
        endpoint.FromPeer(TcpFlags.Fin | TcpFlags.Ack);
        var ack = endpoint.Single();
        Assert.Equal((".", (SequenceNumber)(Endpoint.LocalIss + 2), (SequenceNumber)(Endpoint.PeerIss + 2)), (ack.FlagText, ack.Seq, ack.Ack));
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
        Assert.Equal(endpoint.Now + TimeSpan.FromSeconds(60), endpoint.Tcb.NextDeadline);
    }

    [Fact]
    public void Half_closed_connection_keeps_receiving_text()
    {
        // Seventh, FIN-WAIT-2: text is delivered; the peer may send for as long as it likes.
        using var endpoint = Endpoint.FinWait2();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[100]);
        endpoint.Advance(TimeSpan.FromMinutes(10));
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[100]);
        Assert.Equal(200, endpoint.Tcb.BytesReadable);
        Assert.Equal(TcpState.FinWait2, endpoint.Tcb.State);
    }

    [Fact]
    public void After_close_fin_wait_2_times_out_with_a_rst()
    {
        // Linux tcp_fin_timeout (60 s): a fully closed (orphaned) connection does not wait forever.
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Close(endpoint.Now);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack);
        Assert.Equal(TcpState.FinWait2, endpoint.Tcb.State);

        var sent = endpoint.Advance(TimeSpan.FromSeconds(61));
        var (time, rst) = Assert.Single(sent);
        Assert.Equal("R.", rst.FlagText);
        Assert.Equal(TimeSpan.FromSeconds(60), time - (endpoint.Now - TimeSpan.FromSeconds(61)));
        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
        Assert.Equal(TcpCauses.FinWait2Timeout, endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged).Cause);
    }

    [Fact]
    public void Data_after_close_resets_the_connection()
    {
        // RFC 9293 SHLD-3: "if new data is received after CLOSE is called, its TCP implementation
        // SHOULD send a RST to show that data was lost".
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Close(endpoint.Now);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack);
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: [1, 2, 3]);
        var rst = endpoint.Single();
        Assert.Equal(("R", endpoint.Tcb.SndNxt), (rst.FlagText, rst.Seq));
        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
        Assert.Equal(TcpCauses.DataAfterClose, endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged).Cause);
    }
}
