using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.Timers;

/// <summary>RFC 9293 §3.8.1, §3.8.3 and §3.10.8: the retransmission timer, R1/R2 and the user timeout.</summary>
public class RetransmissionTests
{
    private const uint Una = Endpoint.LocalIss + 1;

    [Fact]
    public void Unacknowledged_data_is_retransmitted_with_exponential_backoff_up_to_the_maximum_rto()
    {
        // RFC 6298 §5.4-5.6: retransmit the earliest segment, double the RTO (capped at 120 s).
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send(new byte[100]);
        var sentAt = endpoint.Now;
        endpoint.Single();
        var rto = endpoint.Tcb.RetransmissionTimeout;
        var sent = endpoint.Advance(TimeSpan.FromMinutes(10));

        var times = sent.Select(s => s.Time).Prepend(sentAt).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(rto, gaps[0]);
        Assert.Equal(rto * 2, gaps[1]);
        Assert.Equal(rto * 4, gaps[2]);
        Assert.All(gaps, g => Assert.True(g <= TimeSpan.FromSeconds(120)));
        Assert.Equal(TimeSpan.FromSeconds(120), gaps[^1]);
        Assert.All(sent, s => Assert.Equal(((SequenceNumber)Una, 100), (s.Segment.Seq, s.Segment.Length)));
    }

    [Fact]
    public void R1_tells_the_user_of_a_delivery_problem_and_r2_fails_the_connection()
    {
        // RFC 9293 §3.8.3: at R1 (3) inform the application (SHLD-9); at R2 (15) close the connection.
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send(new byte[100]);
        endpoint.Single();
        var sent = endpoint.Advance(TimeSpan.FromHours(1));

        Assert.Equal(15, sent.Count);
        var warning = Assert.Single(endpoint.Events, e => e.Kind == TcpEventKind.RetransmissionThreshold);
        Assert.Equal(sent[2].Time, warning.Time);
        Assert.Equal((TcpState.Closed, TcpError.TimedOut), (endpoint.Tcb.State, endpoint.Tcb.Error));
        Assert.Equal(TcpCauses.RetransmissionLimit, endpoint.Events.Single(e => e.Kind == TcpEventKind.Error).Cause);

        // RFC 9293 SHLD-11: R2 corresponds to at least 100 seconds.
        Assert.True(endpoint.Events.Single(e => e.Kind == TcpEventKind.Error).Time - sent[0].Time > TimeSpan.FromSeconds(100));
    }

    [Fact]
    public void R2_can_be_set_per_connection()
    {
        // MUST-21: the application can set R2 for a particular connection.
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Retries2 = 5;
        endpoint.Tcb.Send(new byte[1]);
        endpoint.Single();
        Assert.Equal(5, endpoint.Advance(TimeSpan.FromHours(1)).Count);
        Assert.Equal(TcpError.TimedOut, endpoint.Tcb.Error);
    }

    [Fact]
    public void User_timeout_fails_the_connection_when_data_stays_unacknowledged_that_long()
    {
        // RFC 9293 §3.10.8 USER TIMEOUT: "connection aborted due to user timeout".
        using var endpoint = Endpoint.Established(new TcpSettings { UserTimeout = TimeSpan.FromSeconds(5) });
        endpoint.Tcb.Send(new byte[10]);
        var sentAt = endpoint.Now;
        endpoint.Single();
        endpoint.Advance(TimeSpan.FromMinutes(1));

        var failure = endpoint.Events.Single(e => e.Kind == TcpEventKind.Error);
        Assert.Equal((TcpError.TimedOut, TcpCauses.UserTimeout), (failure.Error, failure.Cause));
        Assert.Equal(TimeSpan.FromSeconds(5), failure.Time - sentAt);
    }

    [Fact]
    public void Progress_restarts_the_user_timeout()
    {
        using var endpoint = Endpoint.Established(new TcpSettings { UserTimeout = TimeSpan.FromSeconds(5) });
        endpoint.Tcb.Send(new byte[3000]);
        endpoint.Drain();
        endpoint.Advance(TimeSpan.FromSeconds(4));
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + 1460);
        endpoint.Drain();
        endpoint.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
    }

    [Fact]
    public void Acknowledged_data_stops_the_timer()
    {
        // RFC 6298 §5.2: when all outstanding data has been acknowledged, turn off the timer.
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send(new byte[10]);
        endpoint.Single();
        Assert.NotEqual(TimeSpan.MaxValue, endpoint.Tcb.NextDeadline);
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + 10);
        Assert.Equal(TimeSpan.MaxValue, endpoint.Tcb.NextDeadline);
    }
}
