using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.Data;

/// <summary>Zero-window probing (RFC 9293 §3.8.6.1, MUST-35..37, SHLD-29/30).</summary>
public class ZeroWindowTests
{
    private const uint Una = Endpoint.LocalIss + 1;

    private static Endpoint ZeroWindow()
    {
        var endpoint = Endpoint.Established();
        endpoint.Tcb.Send(new byte[100]);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + 100, window: 0);
        endpoint.Tcb.Send(new byte[500]);
        endpoint.AssertSilent();
        return endpoint;
    }

    [Fact]
    public void Zero_window_is_probed_after_an_rto_then_at_doubling_intervals()
    {
        // SHLD-29: first probe after the RTO; SHLD-30: increase the interval exponentially.
        using var endpoint = ZeroWindow();
        var start = endpoint.Now;
        var rto = endpoint.Tcb.RetransmissionTimeout;
        var probes = endpoint.Advance(rto * 15);

        Assert.True(probes.Count >= 3);
        Assert.Equal(rto, probes[0].Time - start);
        Assert.Equal(rto * 2, probes[1].Time - probes[0].Time);
        Assert.Equal(rto * 4, probes[2].Time - probes[1].Time);

        // The probe carries no new data: an old sequence number the receiver must acknowledge.
        Assert.All(probes, p => Assert.Equal((".", (SequenceNumber)(Una + 99), 0), (p.Segment.FlagText, p.Segment.Seq, p.Segment.Length)));
        Assert.Equal(probes.Count, endpoint.Tcb.Counters.ZeroWindowProbesSent);
    }

    [Fact]
    public void Connection_stays_open_as_long_as_the_receiver_answers_the_probes()
    {
        // MUST-37: as long as the receiver acknowledges the probes, keep the connection open.
        using var endpoint = ZeroWindow();
        for (var i = 0; i < 40; i++)
        {
            var probes = endpoint.Advance(TimeSpan.FromMinutes(3));
            Assert.NotEmpty(probes);
            endpoint.FromPeer(TcpFlags.Ack, ack: Una + 100, window: 0);
        }

        Assert.Equal(TcpState.Established, endpoint.Tcb.State);

        // When the window opens, the data flows.
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + 100, window: 65535);
        Assert.Equal(500, endpoint.Drain().Sum(s => s.Length));
    }

    [Fact]
    public void Unanswered_probes_time_the_connection_out_after_r2()
    {
        using var endpoint = ZeroWindow();
        endpoint.Advance(TimeSpan.FromHours(1));
        Assert.Equal((TcpState.Closed, TcpError.TimedOut), (endpoint.Tcb.State, endpoint.Tcb.Error));
        Assert.Contains(endpoint.Events, e => e.Cause == TcpCauses.ProbeLimit);
    }

    [Fact]
    public void Window_shrinking_under_sent_data_is_survived_by_retransmitting_into_it()
    {
        // MUST-34: robust against a shrinking window; SHLD-17: no timeout for unacknowledged data beyond it.
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send(new byte[1000]);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack, ack: Una, window: 0);
        for (var i = 0; i < 30; i++)
        {
            Assert.NotEmpty(endpoint.Advance(TimeSpan.FromMinutes(2)));
            endpoint.FromPeer(TcpFlags.Ack, ack: Una, window: 0);
        }

        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
    }
}
