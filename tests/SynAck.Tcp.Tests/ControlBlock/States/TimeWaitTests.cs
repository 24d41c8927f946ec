using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.6.1, §3.10.7.4 and §3.10.8 in TIME-WAIT; RFC 1337.</summary>
public class TimeWaitTests
{
    [Fact]
    public void Time_wait_lasts_two_msl_then_closes()
    {
        // MUST-13: linger 2*MSL (MSL 30 s by default, so 60 s as on Linux).
        using var endpoint = Endpoint.TimeWait();
        var entered = endpoint.Now;
        Assert.Empty(endpoint.Advance(TimeSpan.FromSeconds(59.999)));
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
        endpoint.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
        var closed = endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged);
        Assert.Equal((TcpCauses.TimeWaitExpired, TimeSpan.FromSeconds(60)), (closed.Cause, closed.Time - entered));
    }

    [Fact]
    public void Msl_is_configurable()
    {
        using var endpoint = Endpoint.TimeWait(new TcpSettings { MaximumSegmentLifetime = TimeSpan.FromSeconds(2) });
        Assert.Equal(endpoint.Now + TimeSpan.FromSeconds(4), endpoint.Tcb.NextDeadline);
    }

    [Fact]
    public void Retransmitted_fin_is_acknowledged_again_and_restarts_the_timer()
    {
        // Fifth, TIME-WAIT: "The only thing that can arrive in this state is a retransmission of
        // the remote FIN. Acknowledge it, and restart the 2 MSL timeout."
        using var endpoint = Endpoint.TimeWait();
        endpoint.Advance(TimeSpan.FromSeconds(30));
        endpoint.Feed(endpoint.Segment(TcpFlags.Fin | TcpFlags.Ack, seq: endpoint.PeerNxt - 1));
        var ack = endpoint.Single();
        Assert.Equal((".", endpoint.PeerNxt), (ack.FlagText, ack.Ack));
        Assert.Equal(endpoint.Now + TimeSpan.FromSeconds(60), endpoint.Tcb.NextDeadline);
    }

    [Fact]
    public void Rst_is_ignored_by_default_per_rfc_1337()
    {
        // RFC 1337: ignoring RST in TIME-WAIT prevents TIME-WAIT assassination.
        using var endpoint = Endpoint.TimeWait();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));
        endpoint.AssertSilent();
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
    }

    [Fact]
    public void Rst_closes_time_wait_when_rfc_1337_is_switched_off()
    {
        // Second, TIME-WAIT: "If the RST bit is set, then enter the CLOSED state".
        using var endpoint = Endpoint.TimeWait(new TcpSettings { IgnoreRstInTimeWait = false });
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));
        Assert.Equal((TcpState.Closed, TcpError.None), (endpoint.Tcb.State, endpoint.Tcb.Error));
    }

    [Fact]
    public void Syn_above_the_old_rcv_nxt_may_reopen_the_connection()
    {
        // MAY-2: a new SYN may reopen the 4-tuple from TIME-WAIT if the new ISS is larger than any
        // sequence number of the old incarnation.
        using var endpoint = Endpoint.TimeWait();
        var newer = endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt + 1000);
        var older = endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt - 1000);
        var withAck = endpoint.Segment(TcpFlags.Syn | TcpFlags.Ack, seq: endpoint.Tcb.RcvNxt + 1000);
        Assert.True(endpoint.Tcb.CanReopenFromTimeWait(newer));
        Assert.False(endpoint.Tcb.CanReopenFromTimeWait(older));
        Assert.False(endpoint.Tcb.CanReopenFromTimeWait(withAck));

        // The stack opens a passive control block with an ISS beyond the old SND.NXT.
        Assert.True(endpoint.Tcb.ReopenSendSequence > endpoint.Tcb.SndMax);
        using var reopened = new TcpControlBlock(Endpoint.Identity, TcpSettings.Default, new FixedSequenceNumbers(1));
        reopened.OpenPassive(endpoint.Now, endpoint.Tcb.ReopenSendSequence);
        reopened.OnSegment(newer, [], endpoint.Now);
        Assert.True(reopened.TryGetSegment(endpoint.Now, new byte[100], out var synAck, out _));
        Assert.Equal(endpoint.Tcb.ReopenSendSequence, synAck.SequenceNumber);
        Assert.Equal(TcpState.SynReceived, reopened.State);
    }

    [Fact]
    public void Syn_that_may_not_reopen_gets_an_ack()
    {
        // Linux (tcp_timewait_state_process): a SYN that does not open a new incarnation is
        // answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, in either SYN mode.
        using var endpoint = Endpoint.TimeWait();
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt));
        Assert.Equal(".", endpoint.Single().FlagText);
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1000)]
    public void Syn_in_rfc_793_mode_gets_an_ack_not_a_reset(int offset)
    {
        // RFC 793's reset of an in-window SYN does not apply in TIME-WAIT (Linux has no such mode;
        // FreeBSD's tcp_twcheck ignores insecure_syn): at, below or (with no listener to reopen
        // the 4-tuple) beyond RCV.NXT, the SYN draws an ACK and TIME-WAIT stays.
        using var endpoint = Endpoint.TimeWait(new TcpSettings { Rfc5961Syn = false });
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt + offset));
        var ack = endpoint.Single();
        Assert.Equal((".", endpoint.Tcb.SndNxt, endpoint.Tcb.RcvNxt), (ack.FlagText, ack.Seq, ack.Ack));
        Assert.Equal((TcpState.TimeWait, TcpError.None), (endpoint.Tcb.State, endpoint.Tcb.Error));
    }

    [Fact]
    public void Syn_ack_in_the_window_gets_an_ack_in_rfc_793_mode()
    {
        using var endpoint = Endpoint.TimeWait(new TcpSettings { Rfc5961Syn = false });
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn | TcpFlags.Ack, seq: endpoint.Tcb.RcvNxt + 100));
        var ack = endpoint.Single();
        Assert.Equal((".", endpoint.Tcb.SndNxt, endpoint.Tcb.RcvNxt), (ack.FlagText, ack.Seq, ack.Ack));
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
    }

    [Fact]
    public void Syn_without_ack_does_not_restart_the_timer()
    {
        // Linux: an ACK-less SYN below RCV.NXT may be a new incarnation's with a random ISN; it is
        // answered but does not keep TIME-WAIT alive.
        using var endpoint = Endpoint.TimeWait();
        var deadline = endpoint.Tcb.NextDeadline;
        endpoint.Advance(TimeSpan.FromSeconds(30));
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt - 1000));
        Assert.Equal(".", endpoint.Single().FlagText);
        Assert.Equal(deadline, endpoint.Tcb.NextDeadline);
    }

    [Fact]
    public void Bare_ack_at_rcv_nxt_is_taken_quietly_and_restarts_the_timer()
    {
        using var endpoint = Endpoint.TimeWait();
        endpoint.Advance(TimeSpan.FromSeconds(30));
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: endpoint.Tcb.RcvNxt));
        endpoint.AssertSilent();
        Assert.Equal(endpoint.Now + TimeSpan.FromSeconds(60), endpoint.Tcb.NextDeadline);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32767)]
    [InlineData(70000)]
    [InlineData(-1)]
    public void Ack_not_at_rcv_nxt_gets_an_ack_and_restarts_the_timer(int offset)
    {
        // Linux: only a bare ACK exactly at RCV.NXT goes unanswered; in the window or out of it,
        // any other gets <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (FreeBSD's tcp_twcheck agrees).
        using var endpoint = Endpoint.TimeWait();
        endpoint.Advance(TimeSpan.FromSeconds(30));
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: endpoint.Tcb.RcvNxt + offset));
        var ack = endpoint.Single();
        Assert.Equal((".", endpoint.Tcb.SndNxt, endpoint.Tcb.RcvNxt), (ack.FlagText, ack.Seq, ack.Ack));
        Assert.Equal(endpoint.Now + TimeSpan.FromSeconds(60), endpoint.Tcb.NextDeadline);
    }

    [Fact]
    public void Text_at_rcv_nxt_gets_an_ack_and_is_dropped()
    {
        using var endpoint = Endpoint.TimeWait();
        var rcvNxt = endpoint.Tcb.RcvNxt;
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack | TcpFlags.Psh, seq: rcvNxt), [1, 2, 3]);
        var ack = endpoint.Single();
        Assert.Equal((".", rcvNxt), (ack.FlagText, ack.Ack));
        Assert.Equal((TcpState.TimeWait, rcvNxt), (endpoint.Tcb.State, endpoint.Tcb.RcvNxt));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(100000)]
    public void Rst_not_at_rcv_nxt_is_dropped_silently_even_without_rfc_1337(int offset)
    {
        // Linux: no challenge ACK in TIME-WAIT; a RST elsewhere than RCV.NXT is simply dropped.
        using var endpoint = Endpoint.TimeWait(new TcpSettings { IgnoreRstInTimeWait = false });
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst, seq: endpoint.Tcb.RcvNxt + offset));
        endpoint.AssertSilent();
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
    }

    [Fact]
    public void Answers_to_acks_and_syns_share_the_out_of_window_ack_limit_but_a_fin_is_always_answered()
    {
        // Linux (tcp_timewait_check_oow_rate_limit): at most one answer per 500 ms
        // (tcp_invalid_ratelimit) to segments without text or FIN, or with SYN.
        using var endpoint = Endpoint.TimeWait();
        var inWindow = endpoint.Tcb.RcvNxt + 100;
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: inWindow));
        Assert.Equal(".", endpoint.Single().FlagText);
        endpoint.Advance(TimeSpan.FromMilliseconds(100));
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: inWindow));
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt));
        endpoint.AssertSilent();
        endpoint.Feed(endpoint.Segment(TcpFlags.Fin | TcpFlags.Ack, seq: endpoint.Tcb.RcvNxt - 1));
        Assert.Equal(".", endpoint.Single().FlagText);
        endpoint.Advance(TimeSpan.FromMilliseconds(400));
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: inWindow));
        Assert.Equal(".", endpoint.Single().FlagText);
    }

    [Fact]
    public void Answers_are_not_limited_when_the_interval_is_zero()
    {
        using var endpoint = Endpoint.TimeWait(new TcpSettings { ChallengeAckInterval = TimeSpan.Zero });
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: endpoint.Tcb.RcvNxt + 100));
        Assert.Equal(".", endpoint.Single().FlagText);
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: endpoint.Tcb.RcvNxt + 100));
        Assert.Equal(".", endpoint.Single().FlagText);
    }

    [Fact]
    public void Time_wait_runs_no_other_timer()
    {
        // Eighth, FIN-WAIT-2 to TIME-WAIT: "Start the time-wait timer, turn off the other timers."
        using var endpoint = Endpoint.Established(new TcpSettings { KeepAlive = true });
        endpoint.Tcb.ShutdownSend(endpoint.Now);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack);
        endpoint.FromPeer(TcpFlags.Fin | TcpFlags.Ack);
        endpoint.Single();
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
        Assert.Equal(endpoint.Now + TimeSpan.FromSeconds(60), endpoint.Tcb.NextDeadline);
    }
}
