using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.Scenarios;

/// <summary>"What happens when a wave segment is lost" (seed README): FINs are retransmitted until acknowledged, and TIME-WAIT repeats the last ACK.</summary>
public class WaveLossTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void Lost_fin_is_retransmitted_until_the_peer_acknowledges_it()
    {
        using var pair = new Pair();
        pair.Establish();
        pair.Lose = s => s.From == "client" && s.FlagText == "F." && !pair.Wire.Any(w => w.FlagText == "F.");
        pair.Client.ShutdownSend(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.FinWait2, Limit));

        // RFC 9293 §3.6 case 1: "all segments preceding and including FIN will be retransmitted until acknowledged".
        var fins = pair.Wire.Where(s => s.FlagText == "F.").ToList();
        Assert.Equal(2, fins.Count);
        Assert.True(fins[0].Lost);
        Assert.Equal(fins[0].Header.SequenceNumber, fins[1].Header.SequenceNumber);
        Assert.Equal(fins[0].Header.SequenceNumber + 1, pair.Client.SndUna);
        Assert.Equal(TcpState.CloseWait, pair.Server.State);
    }

    [Fact]
    public void Lost_ack_of_fin_is_repaired_by_the_fin_retransmission()
    {
        using var pair = new Pair();
        pair.Establish();
        pair.Lose = s => s.From == "server" && s.FlagText == "." && s.Header.AcknowledgmentNumber == pair.Client.SndMax && !pair.Wire.Any(w => w.Lost);
        pair.Client.ShutdownSend(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.FinWait2, Limit));

        // The server in CLOSE-WAIT sees the FIN again (old: first check fails) and ACKs it again.
        Assert.Equal(2, pair.Wire.Count(s => s.FlagText == "F."));
        Assert.Equal(2, pair.Wire.Count(s => s.From == "server" && s.FlagText == "."));
        Assert.Equal(TcpState.CloseWait, pair.Server.State);
    }

    [Fact]
    public void Lost_last_ack_makes_the_server_repeat_its_fin_and_time_wait_acks_it_again_and_restarts_two_msl()
    {
        using var pair = new Pair();
        pair.Establish();
        pair.Client.ShutdownSend(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Server.State == TcpState.CloseWait && pair.Client.State == TcpState.FinWait2, Limit));

        pair.Lose = s => s.From == "client" && s.FlagText == "." && !pair.Wire.Any(w => w.Lost);
        pair.Server.ShutdownSend(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Server.State == TcpState.Closed, Limit));

        // RFC 9293 §3.10.7.4: in TIME-WAIT a retransmission of the remote FIN is acknowledged and
        // restarts the 2 MSL timeout; LAST-ACK closes on that ACK.
        var serverFins = pair.Wire.Where(s => s.From == "server" && s.FlagText == "F.").ToList();
        Assert.Equal(2, serverFins.Count);
        var lastAcks = pair.Wire.Where(s => s.From == "client" && s.FlagText == "." && s.Header.AcknowledgmentNumber == serverFins[0].Header.SequenceNumber + 1).ToList();
        Assert.Equal(2, lastAcks.Count);
        Assert.True(lastAcks[0].Lost);
        Assert.False(lastAcks[1].Lost);
        Assert.Equal(TcpState.TimeWait, pair.Client.State);

        var reAckTime = lastAcks[1].Time;
        pair.RunFor(reAckTime + TimeSpan.FromSeconds(59.99) - pair.Now);
        Assert.Equal(TcpState.TimeWait, pair.Client.State);
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Closed, TimeSpan.FromMilliseconds(20)));
        Assert.Equal(reAckTime + TimeSpan.FromSeconds(60), pair.Now);
    }

    [Fact]
    public void Simultaneous_close_goes_through_closing_to_time_wait_on_both_ends()
    {
        using var pair = new Pair();
        pair.Establish();
        pair.Events.Clear();
        pair.Client.ShutdownSend(pair.Now);
        pair.Server.ShutdownSend(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.TimeWait && pair.Server.State == TcpState.TimeWait, Limit));

        // RFC 9293 §3.6 Figure 13: FIN-WAIT-1 -> CLOSING -> TIME-WAIT on both ends.
        Assert.Equal([TcpState.FinWait1, TcpState.Closing, TcpState.TimeWait], pair.StatesOf("client"));
        Assert.Equal([TcpState.FinWait1, TcpState.Closing, TcpState.TimeWait], pair.StatesOf("server"));
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Closed && pair.Server.State == TcpState.Closed, TimeSpan.FromSeconds(61)));
    }

    [Fact]
    public void Half_close_lets_the_side_in_close_wait_keep_sending_until_it_closes()
    {
        using var pair = new Pair();
        pair.Establish();
        pair.Client.Send("request"u8);
        pair.Client.ShutdownSend(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Server.State == TcpState.CloseWait && pair.Client.State == TcpState.FinWait2, Limit));

        // RFC 9293 §3.6.1: the server reads the request and EOF, then answers on its open direction.
        var request = new byte[64];
        Assert.Equal(7, pair.Server.Receive(request));
        Assert.True(pair.Server.IsEndOfStream);
        SequenceNumber v = pair.Server.SndNxt;
        var response = new byte[3000];
        new Random(7).NextBytes(response);
        Assert.Equal(response.Length, pair.Server.Send(response));
        Assert.True(pair.RunUntil(() => pair.Client.BytesReadable == response.Length, Limit));
        pair.Server.ShutdownSend(pair.Now);
        Assert.True(pair.RunUntil(() => pair.Server.State == TcpState.Closed, Limit));

        var received = new byte[4096];
        Assert.Equal(response.Length, pair.Client.Receive(received));
        Assert.Equal(response, received[..response.Length]);
        Assert.True(pair.Client.IsEndOfStream);
        Assert.Equal(TcpState.TimeWait, pair.Client.State);

        // The server's FIN follows its data: w = v + the bytes sent in CLOSE-WAIT.
        var serverFin = pair.Wire.Single(s => s.From == "server" && (s.Header.Flags & TcpFlags.Fin) != 0);
        Assert.Equal(v + response.Length, serverFin.Header.SequenceNumber + serverFin.PayloadLength);
    }
}
