using SynAck.Tcp.Congestion;
using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.Ecn;

/// <summary>
/// ECN (RFC 3168 §6.1): negotiation with ECE and CWR on the SYN and ECE on the SYN+ACK, ECT(0) on
/// new data only, CE echoed with ECE until CWR, and one window reduction per window on ECE.
/// </summary>
public partial class EcnTests
{
    private const TcpFlags EcnSetup = TcpFlags.Ece | TcpFlags.Cwr;

    private static readonly TcpSettings Request = new() { Ecn = TcpEcnMode.Request };

    /// <summary>Takes every segment with the IP codepoint the control block asks for.</summary>
    private static List<(Sent Segment, EcnCodepoint Ecn)> Drain(Endpoint endpoint)
    {
        var sent = new List<(Sent, EcnCodepoint)>();
        var buffer = new byte[65536];
        while (endpoint.Tcb.TryGetSegment(endpoint.Now, buffer, out var header, out var length))
        {
            sent.Add((new Sent(header, buffer[..length]), endpoint.Tcb.LastSegmentEcn));
        }

        endpoint.DrainEvents();
        return sent;
    }

    /// <summary>A passive open where the peer's SYN asks for ECN (the default mode accepts).</summary>
    private static Endpoint PassiveEcn(TcpSettings? settings = null, TcpOptions? synOptions = null)
    {
        var endpoint = new Endpoint(settings);
        endpoint.Tcb.OpenPassive(endpoint.Now);
        endpoint.FromPeer(TcpFlags.Syn | EcnSetup, options: synOptions ?? Endpoint.SynOptions());
        var synAck = Assert.Single(Drain(endpoint));
        Assert.Equal(EcnCodepoint.NotEct, synAck.Ecn);
        endpoint.FromPeer(TcpFlags.Ack);
        Assert.True(endpoint.Tcb.EcnEnabled);
        return endpoint;
    }

    /// <summary>A sender with ECN (NewReno unless told, SACK when the peer's SYN offers it), ten segments in flight.</summary>
    private static Endpoint SenderWithFlight(out List<(Sent Segment, EcnCodepoint Ecn)> flight, TcpSettings? settings = null, TcpOptions? synOptions = null)
    {
        var endpoint = PassiveEcn(settings ?? new TcpSettings { CongestionControl = CongestionControlAlgorithm.NewReno }, synOptions);
        endpoint.Tcb.Send(new byte[100 * 1460]);
        flight = Drain(endpoint);
        Assert.Equal(10, flight.Count);
        return endpoint;
    }

    [Fact]
    public void Request_mode_sends_an_ecn_setup_syn_and_accepts_a_syn_ack_with_ece()
    {
        using var endpoint = new Endpoint(Request);
        endpoint.Tcb.OpenActive(endpoint.Now);
        Assert.Equal(TcpFlags.Syn | EcnSetup, endpoint.Single().Flags);
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece, options: Endpoint.SynOptions());
        Assert.True(endpoint.Tcb.EcnEnabled);
    }

    [Fact]
    public void A_syn_ack_with_both_ece_and_cwr_is_not_an_ecn_setup_syn_ack()
    {
        // RFC 3168 §6.1.1: a host that reflects the flags is not ECN-capable.
        using var endpoint = new Endpoint(Request);
        endpoint.Tcb.OpenActive(endpoint.Now);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack | EcnSetup, options: Endpoint.SynOptions());
        Assert.False(endpoint.Tcb.EcnEnabled);
    }

    /// <summary>Simultaneous open: our SYN is out, the peer's SYN (with <paramref name="peerFlags"/>) arrives in SYN-SENT; returns our SYN+ACK.</summary>
    private static Sent SimultaneousOpen(Endpoint endpoint, TcpFlags peerFlags)
    {
        endpoint.Tcb.OpenActive(endpoint.Now);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Syn | peerFlags, options: Endpoint.SynOptions());
        Assert.Equal(TcpState.SynReceived, endpoint.Tcb.State);
        return endpoint.Single();
    }

    [Fact]
    public void Simultaneous_open_of_two_ecn_setup_syns_answers_with_ece_alone_and_uses_ecn()
    {
        // RFC 3168 §6.1.1: an ECN-setup SYN is answered by a SYN+ACK with ECE and without CWR.
        using var endpoint = new Endpoint(Request);
        var synAck = SimultaneousOpen(endpoint, EcnSetup);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece, synAck.Flags);

        endpoint.FromPeer(TcpFlags.Ack, ack: Endpoint.LocalIss + 1);
        Assert.True(endpoint.Tcb.EcnEnabled);
        endpoint.Tcb.Send(new byte[10]);
        Assert.Equal(EcnCodepoint.Ect0, Assert.Single(Drain(endpoint)).Ecn);
    }

    [Fact]
    public void Simultaneous_open_with_a_plain_syn_from_the_peer_does_not_use_ecn()
    {
        using var endpoint = new Endpoint(Request);
        var synAck = SimultaneousOpen(endpoint, TcpFlags.None);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.False(endpoint.Tcb.EcnEnabled);
    }

    [Fact]
    public void Accept_mode_does_not_take_up_ecn_in_a_simultaneous_open_it_did_not_ask_for()
    {
        // As Linux (tcp_ecn=2): the connection is an outgoing one, whose SYN did not ask for ECN.
        using var endpoint = new Endpoint();
        var synAck = SimultaneousOpen(endpoint, EcnSetup);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.False(endpoint.Tcb.EcnEnabled);
    }

    [Fact]
    public void Accept_mode_does_not_ask_for_ecn_in_its_syn()
    {
        using var endpoint = new Endpoint();
        endpoint.Tcb.OpenActive(endpoint.Now);
        Assert.Equal(TcpFlags.Syn, endpoint.Single().Flags);
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece, options: Endpoint.SynOptions());
        Assert.False(endpoint.Tcb.EcnEnabled);
    }

    [Fact]
    public void Accept_mode_answers_an_ecn_setup_syn_with_ece_alone()
    {
        using var endpoint = new Endpoint();
        endpoint.Tcb.OpenPassive(endpoint.Now);
        endpoint.FromPeer(TcpFlags.Syn | EcnSetup, options: Endpoint.SynOptions());
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece, endpoint.Single().Flags);
    }

    [Fact]
    public void Off_mode_declines_an_ecn_setup_syn()
    {
        using var endpoint = new Endpoint(new TcpSettings { Ecn = TcpEcnMode.Off });
        endpoint.Tcb.OpenPassive(endpoint.Now);
        endpoint.FromPeer(TcpFlags.Syn | EcnSetup, options: Endpoint.SynOptions());
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, endpoint.Single().Flags);
        endpoint.FromPeer(TcpFlags.Ack);
        Assert.False(endpoint.Tcb.EcnEnabled);
    }

    [Fact]
    public void A_retransmitted_syn_no_longer_asks_for_ecn()
    {
        // RFC 3168 §6.1.1.1 (Linux tcp_ecn_fallback): the ECN-setup SYN may be what gets dropped.
        using var endpoint = new Endpoint(Request);
        endpoint.Tcb.OpenActive(endpoint.Now);
        endpoint.Single();
        var again = Assert.Single(endpoint.Advance(endpoint.Tcb.RetransmissionTimeout)).Segment;
        Assert.Equal(TcpFlags.Syn, again.Flags);
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece, options: Endpoint.SynOptions());
        Assert.False(endpoint.Tcb.EcnEnabled);
    }

    [Fact]
    public void New_data_is_ect0_while_pure_acks_and_retransmissions_are_not()
    {
        // RFC 3168 §6.1.1, §6.1.5: ECT only on data segments sent for the first time.
        using var endpoint = SenderWithFlight(out var flight);
        Assert.All(flight, s => Assert.Equal(EcnCodepoint.Ect0, s.Ecn));

        var retransmission = Assert.Single(endpoint.Advance(endpoint.Tcb.RetransmissionTimeout)).Segment;
        Assert.Equal(flight[0].Segment.Seq, retransmission.Seq);
        Assert.Equal(EcnCodepoint.NotEct, endpoint.Tcb.LastSegmentEcn);

        // Data above a gap draws an immediate (duplicate) ACK: a pure ACK.
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack | TcpFlags.Psh, seq: endpoint.PeerNxt + 100, ack: endpoint.Tcb.SndUna), new byte[10]);
        var ack = Assert.Single(Drain(endpoint));
        Assert.Equal(0, ack.Segment.Length);
        Assert.Equal(EcnCodepoint.NotEct, ack.Ecn);
    }

    [Fact]
    public void Zero_window_probe_is_not_ect()
    {
        // RFC 3168 §6.1.6.
        using var endpoint = PassiveEcn();
        endpoint.FromPeer(TcpFlags.Ack, window: 0);
        endpoint.Tcb.Send(new byte[100]);
        endpoint.AssertSilent();
        var probe = Assert.Single(endpoint.Advance(endpoint.Tcb.RetransmissionTimeout)).Segment;
        Assert.Equal(0, probe.Length);
        Assert.Equal(EcnCodepoint.NotEct, endpoint.Tcb.LastSegmentEcn);
    }

    [Fact]
    public void Congestion_experienced_is_echoed_with_ece_until_cwr_arrives()
    {
        // RFC 3168 §6.1.3.
        using var endpoint = PassiveEcn();
        var marked = endpoint.Segment(TcpFlags.Ack | TcpFlags.Psh);
        endpoint.PeerNxt += 100;
        endpoint.Tcb.OnSegment(marked, new byte[100], endpoint.Now, EcnCodepoint.Ce);

        // The first mark is acknowledged at once.
        var first = endpoint.Single();
        Assert.Equal(TcpFlags.Ack | TcpFlags.Ece, first.Flags);

        // Unmarked segments after it are still acknowledged with ECE...
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[3000]);
        Assert.True(endpoint.Single().Header.Has(TcpFlags.Ece));

        // ...until the sender says it reduced its window.
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh | TcpFlags.Cwr, payload: new byte[3000]);
        Assert.False(endpoint.Single().Header.Has(TcpFlags.Ece));
        Assert.False(endpoint.Tcb.IsEchoingCongestion);
        Assert.Equal(1, endpoint.Tcb.Counters.CongestionExperiencedReceived);
    }

    [Fact]
    public void Ce_is_ignored_without_ecn()
    {
        using var endpoint = Endpoint.PassiveEstablished();
        var marked = endpoint.Segment(TcpFlags.Ack | TcpFlags.Psh);
        endpoint.Tcb.OnSegment(marked, new byte[3000], endpoint.Now, EcnCodepoint.Ce);
        Assert.Equal(TcpFlags.Ack, endpoint.Single().Flags);
    }

    [Fact]
    public void Ece_reduces_the_window_once_per_window_and_the_next_new_data_carries_cwr()
    {
        // RFC 3168 §6.1.2: NewReno halves the flight (RFC 5681 equation 4), once per window.
        using var endpoint = SenderWithFlight(out var flight);
        var mss = endpoint.Tcb.EffectiveSendMss;
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: flight[0].Segment.Seq + mss);
        Assert.Equal(1, endpoint.Tcb.Counters.EcnReductions);
        var reduced = endpoint.Tcb.CongestionWindow;
        Assert.Equal(9 * mss / 2, reduced);
        Assert.Equal(reduced, endpoint.Tcb.SlowStartThreshold);

        // More ECE for data of the same window: no second reduction.
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: flight[1].Segment.Seq + mss);
        Assert.Equal(1, endpoint.Tcb.Counters.EcnReductions);

        // Acknowledge the rest of the window: new data goes out, the first with CWR.
        endpoint.FromPeer(TcpFlags.Ack, ack: flight[^1].Segment.Seq + mss);
        var next = Drain(endpoint);
        Assert.NotEmpty(next);
        Assert.True(next[0].Segment.Header.Has(TcpFlags.Cwr));
        Assert.All(next.Skip(1), s => Assert.False(s.Segment.Header.Has(TcpFlags.Cwr)));

        // ECE on an ACK of data sent after the reduction is a new congestion event.
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: next[0].Segment.Seq + mss);
        Assert.Equal(2, endpoint.Tcb.Counters.EcnReductions);
    }
}
