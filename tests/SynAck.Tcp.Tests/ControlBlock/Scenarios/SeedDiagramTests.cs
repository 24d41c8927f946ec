using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.Scenarios;

/// <summary>The seed's two diagrams (seed README §3, §4; RFC 9293 §3.5 Figure 6, §3.6 Figure 12), run on two control blocks.</summary>
public class SeedDiagramTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [Fact]
    public void Three_way_handshake_moves_both_ends_to_established_with_x_x_plus_1_and_y_plus_1()
    {
        using var pair = new Pair();
        SequenceNumber x = Pair.ClientIss, y = Pair.ServerIss;

        pair.Open();
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Established && pair.Server.State == TcpState.Established, Limit));

        // 1. Client sends SYN, seq=x, and enters SYN_SENT.
        // 2. Server answers SYN+ACK, seq=y, ack=x+1, and enters SYN_RCVD.
        // 3. Client sends ACK, seq=x+1, ack=y+1; both ends are ESTABLISHED.
        Assert.Collection(
            pair.Wire,
            s => Assert.Equal(("client", "S", x, default(SequenceNumber)), (s.From, s.FlagText, s.Header.SequenceNumber, s.Header.AcknowledgmentNumber)),
            s => Assert.Equal(("server", "S.", y, x + 1), (s.From, s.FlagText, s.Header.SequenceNumber, s.Header.AcknowledgmentNumber)),
            s => Assert.Equal(("client", ".", x + 1, y + 1), (s.From, s.FlagText, s.Header.SequenceNumber, s.Header.AcknowledgmentNumber)));
        Assert.Equal([TcpState.SynSent, TcpState.Established], pair.StatesOf("client"));
        Assert.Equal([TcpState.Listen, TcpState.SynReceived, TcpState.Established], pair.StatesOf("server"));
    }

    [Fact]
    public void Four_way_wave_goes_through_fin_wait_close_wait_last_ack_and_time_wait_with_u_v_w()
    {
        using var pair = new Pair();
        pair.Open();
        Assert.True(pair.RunUntil(() => pair.Server.State == TcpState.Established, Limit));
        var handshake = pair.Wire.Count;
        pair.Events.Clear();

        // 1. Client sends FIN, seq=u, and enters FIN_WAIT_1.
        pair.Client.ShutdownSend(pair.Now);
        SequenceNumber u = pair.Client.SndNxt;
        SequenceNumber v = pair.Server.SndNxt;

        // 2. Server sends ACK, seq=v, ack=u+1, and enters CLOSE_WAIT; the client enters FIN_WAIT_2.
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.FinWait2, Limit));
        Assert.Equal(TcpState.CloseWait, pair.Server.State);

        // 3. Server sends FIN+ACK, seq=w, ack=u+1, and enters LAST_ACK.
        SequenceNumber w = pair.Server.SndNxt;
        pair.Server.ShutdownSend(pair.Now);

        // 4. Client sends ACK, seq=u+1, ack=w+1, and enters TIME_WAIT; the server enters CLOSED.
        Assert.True(pair.RunUntil(() => pair.Server.State == TcpState.Closed, Limit));
        Assert.Equal(TcpState.TimeWait, pair.Client.State);

        Assert.Collection(
            pair.Wire.Skip(handshake),
            s => Assert.Equal(("client", "F.", u), (s.From, s.FlagText, s.Header.SequenceNumber)),
            s => Assert.Equal(("server", ".", v, u + 1), (s.From, s.FlagText, s.Header.SequenceNumber, s.Header.AcknowledgmentNumber)),
            s => Assert.Equal(("server", "F.", w, u + 1), (s.From, s.FlagText, s.Header.SequenceNumber, s.Header.AcknowledgmentNumber)),
            s => Assert.Equal(("client", ".", u + 1, w + 1), (s.From, s.FlagText, s.Header.SequenceNumber, s.Header.AcknowledgmentNumber)));

        // The client enters CLOSED after 2*MSL (60 s by default), not before.
        var timeWaitEntered = pair.Events.Single(e => e.Endpoint == "client" && e.Event.To == TcpState.TimeWait && e.Event.Kind == TcpEventKind.StateChanged).Event.Time;
        pair.RunFor(TimeSpan.FromSeconds(59.9));
        Assert.Equal(TcpState.TimeWait, pair.Client.State);
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Closed, TimeSpan.FromSeconds(1)));
        var closed = pair.Events.Single(e => e.Endpoint == "client" && e.Event.Kind == TcpEventKind.StateChanged && e.Event.To == TcpState.Closed).Event.Time;
        Assert.Equal(TimeSpan.FromSeconds(60), closed - timeWaitEntered);

        Assert.Equal([TcpState.FinWait1, TcpState.FinWait2, TcpState.TimeWait, TcpState.Closed], pair.StatesOf("client"));
        Assert.Equal([TcpState.CloseWait, TcpState.LastAck, TcpState.Closed], pair.StatesOf("server"));
        Assert.Equal(TcpError.None, pair.Client.Error);
        Assert.Equal(TcpError.None, pair.Server.Error);
    }
}
