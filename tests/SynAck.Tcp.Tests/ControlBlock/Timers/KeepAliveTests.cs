using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.Timers;

/// <summary>RFC 9293 §3.8.4: keep-alives (MUST-24..29).</summary>
public class KeepAliveTests
{
    [Fact]
    public void Keep_alive_is_off_by_default()
    {
        // MUST-25: keep-alives default to off.
        using var endpoint = Endpoint.Established();
        Assert.False(endpoint.Tcb.KeepAlive);
        Assert.Empty(endpoint.Advance(TimeSpan.FromHours(10)));
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
    }

    [Fact]
    public void Idle_connection_is_probed_after_two_hours_then_every_75_seconds_and_fails_after_nine_probes()
    {
        // MUST-28: the interval defaults to no less than two hours; Linux probes 9 times, 75 s apart,
        // then resets the connection. SHLD-12: a probe carries no data; SEG.SEQ = SND.NXT - 1.
        using var endpoint = Endpoint.Established(new TcpSettings { KeepAlive = true });
        var idleSince = endpoint.Now;
        var sent = endpoint.Advance(TimeSpan.FromHours(3));

        Assert.Equal(10, sent.Count);
        Assert.All(sent.Take(9), s => Assert.Equal((".", endpoint.Tcb.SndNxt - 1, 0), (s.Segment.FlagText, s.Segment.Seq, s.Segment.Length)));
        Assert.Equal(TimeSpan.FromHours(2), sent[0].Time - idleSince);
        Assert.Equal(TimeSpan.FromSeconds(75), sent[1].Time - sent[0].Time);
        Assert.Equal("R.", sent[9].Segment.FlagText);
        Assert.Equal(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(9 * 75), sent[9].Time - idleSince);
        Assert.Equal((TcpState.Closed, TcpError.TimedOut), (endpoint.Tcb.State, endpoint.Tcb.Error));
        Assert.Contains(endpoint.Events, e => e.Cause == TcpCauses.KeepAliveTimeout);
    }

    [Fact]
    public void An_answered_probe_keeps_the_connection_and_one_lost_answer_does_not_end_it()
    {
        // MUST-29: failure to answer any one probe is not a dead connection.
        using var endpoint = Endpoint.Established(new TcpSettings { KeepAlive = true });
        endpoint.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(75 * 3));
        endpoint.FromPeer(TcpFlags.Ack);
        var answered = endpoint.Now;
        var sent = endpoint.Advance(TimeSpan.FromHours(2));
        Assert.Equal(answered + TimeSpan.FromHours(2), Assert.Single(sent).Time);
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
    }

    [Fact]
    public void Keep_alive_can_be_turned_on_per_connection_and_waits_while_data_is_outstanding()
    {
        // MUST-24: on or off per connection; MUST-26: only when no sent data is outstanding.
        using var endpoint = Endpoint.Established(new TcpSettings { KeepAliveTime = TimeSpan.FromMinutes(1) });
        endpoint.Tcb.KeepAlive = true;
        endpoint.Tcb.Send(new byte[10]);
        endpoint.Single();
        var sent = endpoint.Advance(TimeSpan.FromMinutes(1.5));
        Assert.All(sent, s => Assert.Equal(10, s.Segment.Length));
        Assert.Equal(0, endpoint.Tcb.Counters.KeepAliveProbesSent);
    }
}
