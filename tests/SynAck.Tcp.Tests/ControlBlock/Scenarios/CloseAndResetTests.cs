using SynAck.Tcp.Tests.Harness;

namespace SynAck.Tcp.Tests.ControlBlock.Scenarios;

/// <summary>Closing from the other side, and aborting (RFC 9293 §3.6, §3.10.5, §3.10.7.4).</summary>
public class CloseAndResetTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void Server_may_close_first_and_then_lingers_in_time_wait_itself()
    {
        // Either side may close first: the one that does ends in TIME-WAIT (RFC 9293 §3.6 case 1).
        using var pair = new Pair();
        pair.Establish();
        pair.Events.Clear();
        pair.Server.ShutdownSend(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.CloseWait, Limit));
        pair.Client.ShutdownSend(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Closed, Limit));

        Assert.Equal([TcpState.FinWait1, TcpState.FinWait2, TcpState.TimeWait], pair.StatesOf("server"));
        Assert.Equal([TcpState.CloseWait, TcpState.LastAck, TcpState.Closed], pair.StatesOf("client"));
    }

    [Fact]
    public void Abort_sends_rst_and_the_peer_sees_connection_reset()
    {
        // RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST>; the peer takes it at RCV.NXT (RFC 5961 §3.2)
        // and signals "connection reset".
        using var pair = new Pair();
        pair.Establish();
        pair.Server.Abort(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Closed, Limit));

        var rst = pair.Wire[^1];
        Assert.Equal(("server", "R.", pair.Client.RcvNxt), (rst.From, rst.FlagText, rst.Header.SequenceNumber));
        Assert.Equal(TcpError.ConnectionAborted, pair.Server.Error);
        Assert.Equal(TcpError.ConnectionReset, pair.Client.Error);
        Assert.Contains(pair.Events, e => e.Endpoint == "client" && e.Event.Kind == TcpEventKind.Error && e.Event.Cause == TcpCauses.ReceivedRst);
    }

    [Fact]
    public void Received_data_stays_readable_after_a_reset()
    {
        // As Linux: bytes already received can still be read; then the error is reported.
        using var pair = new Pair();
        pair.Establish();
        pair.Server.Send("partial"u8);
        Assert.True(pair.RunUntil(() => pair.Client.BytesReadable == 7, Limit));
        pair.Server.Abort(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Closed, Limit));
        Assert.Equal(7, pair.Client.Receive(new byte[16]));
        Assert.Equal(TcpError.ConnectionReset, pair.Client.Error);
    }

    [Fact]
    public void Closing_with_unread_data_resets_the_peer()
    {
        using var pair = new Pair();
        pair.Establish();
        pair.Client.Send("unwanted"u8);
        Assert.True(pair.RunUntil(() => pair.Server.BytesReadable == 8, Limit));
        pair.Server.Close(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Closed, Limit));
        Assert.Equal(TcpError.ConnectionReset, pair.Client.Error);
    }
}
