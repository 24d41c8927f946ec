using SynAck.Diagnostics;
using SynAck.Tcp;
using SynAck.Wire;
using static SynAck.Tests.Diagnostics.SeedTraces;

namespace SynAck.Tests.Diagnostics;

/// <summary>The passive tracker runs RFC 9293's transitions (§3.3.2, §3.10.7) from the segments alone.</summary>
public class PassiveStateTrackerTests
{
    private const TcpFlags Syn = TcpFlags.Syn;
    private const TcpFlags SynAck = TcpFlags.Syn | TcpFlags.Ack;
    private const TcpFlags Ack = TcpFlags.Ack;
    private const TcpFlags FinAck = TcpFlags.Fin | TcpFlags.Ack;
    private const TcpFlags Rst = TcpFlags.Rst;
    private const TcpFlags RstAck = TcpFlags.Rst | TcpFlags.Ack;

    [Fact]
    public void The_seeds_states_follow_from_its_segments()
    {
        var seed = HandshakeAndWave();
        var segments = seed.Where(e => e.Kind == TraceEventKind.Segment).Select(e => e.Segment);

        var inferred = PassiveStateTracker.Track(segments);

        // The seed opens the listener before any segment; the tracker learns it from the SYN+ACK.
        var expected = seed.Where(e => e.Kind == TraceEventKind.State && e.State.To != TcpState.Listen).Select(e => (e.State.Endpoint, e.State.From, e.State.To));
        Assert.Equal(expected, States(inferred).Select(s => (s.Endpoint, s.From, s.To)));
    }

    [Fact]
    public void A_syn_puts_its_sender_in_syn_sent_before_the_segment()
    {
        var log = PassiveStateTracker.Track([FromClient(0, Syn, 1000, 0)]);

        Assert.Equal(TraceEventKind.State, log[0].Kind);
        Assert.Equal(new StateTrace(At(0), Client, TcpState.Closed, TcpState.SynSent, PassiveStateTracker.SentSyn), log[0].State);
        Assert.Equal(TraceEventKind.Segment, log[1].Kind);
        Assert.Equal(2, log.Count); // the receiver's state is known only from its answer
    }

    [Fact]
    public void A_syn_ack_answer_shows_the_receiver_listened_and_entered_syn_rcvd_when_the_syn_came()
    {
        var log = PassiveStateTracker.Track([FromClient(0, Syn, 1000, 0), FromServer(0.5, SynAck, 5000, 1001)]);

        Assert.Equal(
            [
                "state client CLOSED>SYN_SENT sent SYN",
                "segment client>server SYN",
                "state server LISTEN>SYN_RCVD received SYN",
                "segment server>client SYN+ACK",
                "state client SYN_SENT>ESTABLISHED received SYN+ACK",
            ],
            Describe(log));
        Assert.Equal(At(0), log[2].Time);
    }

    [Fact]
    public void The_ack_of_the_syn_ack_establishes_the_listener()
    {
        var log = PassiveStateTracker.Track([FromClient(0, Syn, 1000, 0), FromServer(0.5, SynAck, 5000, 1001), FromClient(1, Ack, 1001, 5001)]);

        Assert.Equal("state server SYN_RCVD>ESTABLISHED received ACK of SYN", Describe(log)[^1]);
    }

    [Fact]
    public void A_syn_ack_that_does_not_acknowledge_the_syn_leaves_syn_sent()
    {
        // RFC 9293 §3.10.7.3: in SYN-SENT an ACK other than ISS+1 is not acceptable.
        var log = new TraceLog();
        var tracker = new PassiveStateTracker(log);
        tracker.OnSegment(FromClient(0, Syn, 1000, 0));
        tracker.OnSegment(FromServer(0.5, SynAck, 5000, 1234));

        Assert.DoesNotContain(States(log), s => s.To == TcpState.Established);
        Assert.Equal(TcpState.SynSent, tracker.StateOf(Client, Server));
    }

    [Fact]
    public void A_refused_connection_is_syn_then_rst_with_the_opener_closed_and_the_port_never_listening()
    {
        var log = PassiveStateTracker.Track([FromClient(0, Syn, 1000, 0), FromServer(0.1, RstAck, 0, 1001)]);

        Assert.Equal(
            [
                "state client CLOSED>SYN_SENT sent SYN",
                "segment client>server SYN",
                "state server CLOSED>CLOSED no listener: sent RST",
                "segment server>client RST+ACK",
                "state client SYN_SENT>CLOSED received RST",
            ],
            Describe(log));
    }

    [Fact]
    public void An_rst_in_syn_sent_that_does_not_acknowledge_the_syn_is_ignored()
    {
        // RFC 9293 §3.10.7.3: without an acceptable ACK, a reset in SYN-SENT is dropped.
        var log = new TraceLog();
        var tracker = new PassiveStateTracker(log);
        tracker.OnSegment(FromClient(0, Syn, 1000, 0));
        tracker.OnSegment(FromServer(0.1, Rst, 0, 0));

        Assert.Equal(TcpState.SynSent, tracker.StateOf(Client, Server));
        Assert.DoesNotContain(States(log), s => s is { Endpoint: Client, To: TcpState.Closed });
    }

    [Fact]
    public void An_rst_in_established_closes_its_sender_and_its_receiver()
    {
        var log = PassiveStateTracker.Track([.. Handshake(), FromServer(2, RstAck, 5001, 1001)]);

        Assert.Equal(
            ["state server ESTABLISHED>CLOSED sent RST", "segment server>client RST+ACK", "state client ESTABLISHED>CLOSED received RST"],
            Describe(log)[^3..]);
    }

    [Fact]
    public void When_the_client_closes_first_it_ends_in_time_wait_and_the_server_in_closed()
    {
        var log = PassiveStateTracker.Track(
        [
            .. Handshake(),
            FromClient(2, FinAck, 1001, 5001),
            FromServer(2.5, Ack, 5001, 1002),
            FromServer(3, FinAck, 5001, 1002),
            FromClient(3.5, Ack, 1002, 5002),
        ]);

        Assert.Equal(
            [
                "state client ESTABLISHED>FIN_WAIT_1 sent FIN",
                "segment client>server FIN+ACK",
                "state server ESTABLISHED>CLOSE_WAIT received FIN",
                "segment server>client ACK",
                "state client FIN_WAIT_1>FIN_WAIT_2 received ACK of FIN",
                "state server CLOSE_WAIT>LAST_ACK sent FIN",
                "segment server>client FIN+ACK",
                "state client FIN_WAIT_2>TIME_WAIT received FIN",
                "segment client>server ACK",
                "state server LAST_ACK>CLOSED received ACK of FIN",
            ],
            Describe(log)[^10..]);
    }

    [Fact]
    public void When_the_server_closes_first_the_roles_swap()
    {
        var log = PassiveStateTracker.Track(
        [
            .. Handshake(),
            FromServer(2, FinAck, 5001, 1001),
            FromClient(2.5, FinAck, 1001, 5002),
            FromServer(3, Ack, 5002, 1002),
        ]);

        Assert.Equal(
            [
                (Server, TcpState.Established, TcpState.FinWait1),
                (Client, TcpState.Established, TcpState.CloseWait),
                (Client, TcpState.CloseWait, TcpState.LastAck),
                (Server, TcpState.FinWait1, TcpState.FinWait2),
                (Server, TcpState.FinWait2, TcpState.TimeWait),
                (Client, TcpState.LastAck, TcpState.Closed),
            ],
            States(log).Skip(4).Select(s => (s.Endpoint, s.From, s.To)));
    }

    [Fact]
    public void A_fin_that_also_acknowledges_our_fin_goes_through_fin_wait_2_to_time_wait()
    {
        // RFC 9293 §3.10.7.4: the ACK is processed (FIN-WAIT-1 to FIN-WAIT-2) before the FIN bit.
        var log = PassiveStateTracker.Track([.. Handshake(), FromClient(2, FinAck, 1001, 5001), FromServer(2.5, FinAck, 5001, 1002)]);

        Assert.Equal(
            [
                "state client FIN_WAIT_1>FIN_WAIT_2 received ACK of FIN",
                "state client FIN_WAIT_2>TIME_WAIT received FIN",
            ],
            Describe(log)[^2..]);
    }

    [Fact]
    public void A_simultaneous_open_takes_both_ends_through_syn_sent_and_syn_rcvd()
    {
        // RFC 9293 §3.5, Figure 8.
        var log = PassiveStateTracker.Track(
        [
            FromClient(0, Syn, 1000, 0),
            FromServer(0.1, Syn, 5000, 0),
            FromClient(0.2, SynAck, 1000, 5001),
            FromServer(0.3, SynAck, 5000, 1001),
        ]);

        Assert.Equal(
            [
                "state client CLOSED>SYN_SENT sent SYN",
                "segment client>server SYN",
                "state server CLOSED>SYN_SENT sent SYN",
                "state server SYN_SENT>SYN_RCVD received SYN",
                "segment server>client SYN",
                "state client SYN_SENT>SYN_RCVD received SYN",
                "segment client>server SYN+ACK",
                "state server SYN_RCVD>ESTABLISHED received ACK of SYN",
                "segment server>client SYN+ACK",
                "state client SYN_RCVD>ESTABLISHED received ACK of SYN",
            ],
            Describe(log));
    }

    [Fact]
    public void Fins_that_cross_make_a_simultaneous_close_through_closing_to_time_wait()
    {
        // RFC 9293 §3.6, Figure 13: the server's FIN does not acknowledge the client's, so it left
        // before the client's FIN arrived.
        var log = PassiveStateTracker.Track(
        [
            .. Handshake(),
            FromClient(2, FinAck, 1001, 5001),
            FromServer(2, FinAck, 5001, 1001),
            FromClient(2.5, Ack, 1002, 5002),
            FromServer(2.5, Ack, 5002, 1002),
        ]);

        Assert.Equal(
            [
                (Client, TcpState.Established, TcpState.FinWait1),
                (Server, TcpState.Established, TcpState.FinWait1),
                (Client, TcpState.FinWait1, TcpState.Closing),
                (Server, TcpState.FinWait1, TcpState.Closing),
                (Server, TcpState.Closing, TcpState.TimeWait),
                (Client, TcpState.Closing, TcpState.TimeWait),
            ],
            States(log).Skip(4).Select(s => (s.Endpoint, s.From, s.To)));
    }

    [Fact]
    public void A_fin_takes_effect_before_the_receivers_segment_that_acknowledges_it()
    {
        var log = PassiveStateTracker.Track([.. Handshake(), FromClient(2, FinAck, 1001, 5001), FromServer(2.5, Ack, 5001, 1002)]);

        Assert.Equal(
            [
                "state client ESTABLISHED>FIN_WAIT_1 sent FIN",
                "segment client>server FIN+ACK",
                "state server ESTABLISHED>CLOSE_WAIT received FIN",
                "segment server>client ACK",
                "state client FIN_WAIT_1>FIN_WAIT_2 received ACK of FIN",
            ],
            Describe(log)[^5..]);
        Assert.Equal(At(2), log[^3].Time);
    }

    [Fact]
    public void A_change_learnt_late_is_dated_when_its_segment_arrived_but_never_before_what_was_already_passed_on()
    {
        var log = PassiveStateTracker.Track(
        [
            .. Handshake(),
            FromClient(2, FinAck, 1001, 5001),
            FromServer(3, FinAck, 5001, 1001),
            FromClient(4, Ack, 1002, 5002),
        ]);

        // The client had the server's FIN (sent at 3 ms) before its ACK; the server took the
        // client's FIN (sent at 2 ms) only after its own FIN at 3 ms, and is shown at the 4 ms ACK.
        Assert.Equal(At(3), States(log).Single(s => s is { Endpoint: Client, To: TcpState.Closing }).Time);
        Assert.Equal(At(4), States(log).Single(s => s is { Endpoint: Server, To: TcpState.Closing }).Time);
        Assert.Equal(log.Select(e => e.Time).Order(), log.Select(e => e.Time));
    }

    [Fact]
    public void A_lost_segment_changes_only_its_sender()
    {
        var log = PassiveStateTracker.Track([.. Handshake(), FromClient(2, FinAck, 1001, 5001, lost: true)]);

        Assert.Equal(["state client ESTABLISHED>FIN_WAIT_1 sent FIN", "segment client>server FIN+ACK"], Describe(log)[^2..]);
    }

    [Fact]
    public void A_capture_that_starts_after_the_handshake_takes_both_ends_as_established()
    {
        var log = PassiveStateTracker.Track([FromClient(0, Ack, 1001, 5001, len: 10), FromClient(1, FinAck, 1011, 5001)]);

        Assert.Equal(
            ["segment client>server ACK", "state client ESTABLISHED>FIN_WAIT_1 sent FIN", "segment client>server FIN+ACK", "state server ESTABLISHED>CLOSE_WAIT received FIN"],
            Describe(log));
    }

    [Fact]
    public void Connections_are_told_apart_by_their_two_endpoints()
    {
        var other = FromClient(0.2, Syn, 7000, 0) with { From = "client2" };
        var log = PassiveStateTracker.Track(
        [
            FromClient(0, Syn, 1000, 0),
            other,
            FromServer(0.5, SynAck, 5000, 1001),
            FromServer(0.6, SynAck, 9000, 7001) with { To = "client2" },
        ]);
        var tracker = new PassiveStateTracker(new TraceLog());
        tracker.OnSegment(FromClient(0, Syn, 1000, 0));
        tracker.OnSegment(other);

        Assert.Equal(TcpState.SynSent, tracker.StateOf("client2", Server));
        Assert.Null(tracker.StateOf(Server, "client2"));
        Assert.Equal(4, States(log).Count(s => s.To is TcpState.SynSent or TcpState.Established));
        Assert.Equal(2, States(log).Count(s => s is { Endpoint: Server, To: TcpState.SynReceived }));
    }

    [Fact]
    public void State_changes_reported_by_others_pass_through_unchanged()
    {
        var log = new TraceLog();
        var change = State(0, Server, TcpState.Closed, TcpState.Listen, TcpCauses.PassiveOpen);

        new PassiveStateTracker(log).OnState(change);

        Assert.Equal(change, Assert.Single(log).State);
    }

    private static List<SegmentTrace> Handshake() =>
    [
        FromClient(0, Syn, 1000, 0),
        FromServer(0.5, SynAck, 5000, 1001),
        FromClient(1, Ack, 1001, 5001),
    ];

    private static List<StateTrace> States(IEnumerable<TraceEvent> events)
        => [.. events.Where(e => e.Kind == TraceEventKind.State).Select(e => e.State)];

    private static string[] Describe(IEnumerable<TraceEvent> events) =>
        [.. events.Select(e => e.Kind == TraceEventKind.State
            ? $"state {e.State.Endpoint} {TraceNames.StateName(e.State.From)}>{TraceNames.StateName(e.State.To)} {e.State.Cause}"
            : $"segment {e.Segment.From}>{e.Segment.To} {TraceNames.FlagNamesOf(e.Segment.Flags)}")];
}
