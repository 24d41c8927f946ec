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
        // A SYN in TIME-WAIT that is not a valid reopening is an old duplicate or an attack:
        // RFC 5961 §4 challenge ACK (or the first check's ACK when outside the window).
        using var endpoint = Endpoint.TimeWait();
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt));
        Assert.Equal(".", endpoint.Single().FlagText);
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
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
