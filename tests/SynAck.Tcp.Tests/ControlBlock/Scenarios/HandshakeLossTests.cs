using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.Scenarios;

/// <summary>
/// "What happens when a handshake segment is lost" (seed README, end): each loss is repaired by
/// a retransmission (RFC 9293 §3.8.1, RFC 6298) and both ends still reach ESTABLISHED.
/// </summary>
public class HandshakeLossTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void Lost_syn_is_retransmitted_after_the_initial_rto_of_one_second()
    {
        using var pair = new Pair { Lose = s => s.Index == 0 };
        pair.Establish();

        // RFC 6298 §2.1: before any RTT sample the RTO is 1 s; the SYN goes again with the same ISS.
        var syns = pair.Wire.Where(s => s.FlagText == "S").ToList();
        Assert.Equal(2, syns.Count);
        Assert.True(syns[0].Lost);
        Assert.Equal(TimeSpan.FromSeconds(1), syns[1].Time - syns[0].Time);
        Assert.Equal(syns[0].Header.SequenceNumber, syns[1].Header.SequenceNumber);
        Assert.Equal(1, pair.Client.Counters.SegmentsRetransmitted);
        Assert.Equal([TcpState.Listen, TcpState.SynReceived, TcpState.Established], pair.StatesOf("server"));
    }

    [Fact]
    public void Lost_syn_ack_is_repaired_by_the_clients_syn_retransmission_and_the_server_answers_it_at_once()
    {
        using var pair = new Pair { Lose = s => s.FlagText == "S." && s.Index == 1 };
        pair.Establish();

        // The client's SYN times out after 1 s; the server, in SYN-RECEIVED, answers the repeated
        // SYN (SEG.SEQ = IRS) with its SYN+ACK right away (as Linux), before its own timer fires.
        var synAcks = pair.Wire.Where(s => s.FlagText == "S.").ToList();
        Assert.Equal(2, synAcks.Count);
        var secondSyn = pair.Wire.Where(s => s.FlagText == "S").ElementAt(1);
        Assert.Equal(secondSyn.Time + pair.OneWayDelay, synAcks[1].Time);
        Assert.Equal(synAcks[0].Header.SequenceNumber, synAcks[1].Header.SequenceNumber);
        Assert.Equal(synAcks[0].Header.AcknowledgmentNumber, synAcks[1].Header.AcknowledgmentNumber);
    }

    [Fact]
    public void Lost_third_ack_leaves_the_server_in_syn_received_until_its_syn_ack_retransmission_is_acked_again()
    {
        using var pair = new Pair { Lose = s => s.From == "client" && s.FlagText == "." && s.Index == 2 };
        pair.Open();
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Established, Limit));
        pair.RunFor(TimeSpan.FromMilliseconds(500));
        Assert.Equal(TcpState.SynReceived, pair.Server.State);

        Assert.True(pair.RunUntil(() => pair.Server.State == TcpState.Established, Limit));

        // The repeated SYN+ACK is old to the client (RFC 9293 §3.10.7.4 first check), so it is
        // answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, which establishes the server.
        var synAcks = pair.Wire.Where(s => s.FlagText == "S.").ToList();
        Assert.Equal(2, synAcks.Count);
        var lastAck = pair.Wire[^1];
        Assert.Equal(("client", ".", (SequenceNumber)(Pair.ClientIss + 1), (SequenceNumber)(Pair.ServerIss + 1)),
            (lastAck.From, lastAck.FlagText, lastAck.Header.SequenceNumber, lastAck.Header.AcknowledgmentNumber));
    }

    [Fact]
    public void Lost_third_ack_is_made_good_by_the_clients_first_data_segment()
    {
        using var pair = new Pair { Lose = s => s.From == "client" && s.FlagText == "." && s.Index == 2 };
        pair.Open();
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Established, Limit));
        pair.Client.Send("GET /"u8);

        // Every segment after the handshake carries the ACK of the SYN (RFC 9293 §3.8).
        Assert.True(pair.RunUntil(() => pair.Server.BytesReadable == 5, Limit));
        Assert.Equal(TcpState.Established, pair.Server.State);
        Assert.Single(pair.Wire, s => s.FlagText == "S.");
    }

    [Fact]
    public void Simultaneous_open_moves_both_ends_through_syn_received_to_established()
    {
        using var pair = new Pair();
        pair.OpenSimultaneously();
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Established && pair.Server.State == TcpState.Established, Limit));

        // RFC 9293 §3.5 Figure 8 and MUST-10: SYN-SENT -> SYN-RECEIVED -> ESTABLISHED on both ends;
        // each sends a SYN, then a SYN+ACK repeating its ISS and acknowledging the other's.
        Assert.Equal([TcpState.SynSent, TcpState.SynReceived, TcpState.Established], pair.StatesOf("client"));
        Assert.Equal([TcpState.SynSent, TcpState.SynReceived, TcpState.Established], pair.StatesOf("server"));
        Assert.Equal(["S", "S", "S.", "S."], pair.Wire.Select(s => s.FlagText));
        var clientSynAck = pair.Wire.Single(s => s.From == "client" && s.FlagText == "S.");
        Assert.Equal((SequenceNumber)Pair.ClientIss, clientSynAck.Header.SequenceNumber);
        Assert.Equal((SequenceNumber)(Pair.ServerIss + 1), clientSynAck.Header.AcknowledgmentNumber);
        Assert.False(pair.Client.IsPassive);
    }

    [Fact]
    public void Connecting_to_a_port_nobody_listens_on_is_refused_by_the_rst()
    {
        using var pair = new Pair(serverListens: false);
        pair.Open();
        Assert.True(pair.RunUntil(() => pair.Client.State == TcpState.Closed, Limit));

        // RFC 9293 §3.10.7.1: the SYN (no ACK) gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>;
        // §3.10.7.3: SYN-SENT with an acceptable ACK and RST: "connection reset" (refused), CLOSED.
        var rst = pair.Wire[1];
        Assert.Equal(("R.", default(SequenceNumber), (SequenceNumber)(Pair.ClientIss + 1)), (rst.FlagText, rst.Header.SequenceNumber, rst.Header.AcknowledgmentNumber));
        Assert.Equal(TcpError.ConnectionRefused, pair.Client.Error);
        Assert.Equal([TcpState.SynSent, TcpState.Closed], pair.StatesOf("client"));
        Assert.Contains(pair.Events, e => e.Event.Kind == TcpEventKind.Error && e.Event.Error == TcpError.ConnectionRefused && e.Event.Cause == TcpCauses.ReceivedRst);
    }
}
