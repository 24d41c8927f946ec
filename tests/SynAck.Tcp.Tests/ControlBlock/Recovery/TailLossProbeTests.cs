using SynAck.Tcp.Recovery;
using SynAck.Tcp.Tests.Harness;
using static SynAck.Tcp.Tests.ControlBlock.Recovery.SackSender;

namespace SynAck.Tcp.Tests.ControlBlock.Recovery;

/// <summary>The tail loss probe (RFC 8985 §7).</summary>
public class TailLossProbeTests
{
    [Fact]
    public void Lost_last_segment_is_probed_and_repaired_without_a_timeout()
    {
        // RFC 8985 §7.3: with no new data, the probe sends the last segment again; §7.4: its ACK
        // without a D-SACK shows it repaired a loss, answered as a fast recovery, not an RTO.
        using var endpoint = Create(LossDetection.Rack, 10, out _);
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 9);
        var rtoDeadline = endpoint.Now + endpoint.Tcb.RetransmissionTimeout;

        var probes = endpoint.Advance(rtoDeadline - endpoint.Now);
        var (time, probe) = Assert.Single(probes);
        Assert.Equal([9], Indices([probe]));
        Assert.True(time <= rtoDeadline);
        Assert.Equal(1, endpoint.Tcb.Counters.TailLossProbes);
        Assert.Equal(0, endpoint.Tcb.Counters.RetransmissionTimeouts);
    }

    [Fact]
    public void Probe_ack_repairs_the_tail_and_reduces_the_window_once()
    {
        using var endpoint = Create(LossDetection.Rack, 10, out _);
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 9);
        AdvanceUntilProbe(endpoint);

        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 10);

        // The episode ends when data beyond the probe is acknowledged and no D-SACK came for it.
        endpoint.Tcb.Send(new byte[Mss]);
        Assert.Equal([10], Indices(endpoint.Drain()));
        SackAck(endpoint, 11);
        Assert.Equal(1, endpoint.Tcb.Counters.TailLossProbeRecoveries);
        Assert.Equal(0, endpoint.Tcb.Counters.RetransmissionTimeouts);
        Assert.Equal(endpoint.Tcb.SlowStartThreshold, endpoint.Tcb.CongestionWindow);
        Assert.Equal(endpoint.Tcb.SndMax, endpoint.Tcb.SndUna);
    }

    [Fact]
    public void Probe_timeout_is_two_round_trips_with_several_segments_in_flight()
    {
        // RFC 8985 §7.2: PTO = 2 * SRTT; new data goes as the probe when there is some, whatever cwnd says (§7.3).
        using var endpoint = Create(LossDetection.Rack, 10, out _);
        endpoint.Tcb.Send(new byte[SackSender.Mss]);
        Assert.Empty(endpoint.Drain());
        var sent = endpoint.Advance(TimeSpan.FromMilliseconds(100));
        var (time, probe) = Assert.Single(sent);
        Assert.Equal([10], Indices([probe]));
        Assert.Equal(2 * endpoint.Tcb.SmoothedRoundTripTime, time - (endpoint.Now - TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void Duplicate_ack_detection_has_no_probe_and_waits_for_the_timeout()
    {
        using var endpoint = Create(LossDetection.DuplicateAck, 10, out _);
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 9);
        endpoint.Advance(endpoint.Tcb.RetransmissionTimeout);
        Assert.Equal(0, endpoint.Tcb.Counters.TailLossProbes);
        Assert.Equal(1, endpoint.Tcb.Counters.RetransmissionTimeouts);
    }

    [Fact]
    public void Spurious_probe_reported_by_dsack_leaves_the_window_alone()
    {
        // RFC 8985 §7.4: a D-SACK for the probe shows the original had arrived.
        using var endpoint = Create(LossDetection.Rack, 10, out _);
        endpoint.Advance(RoundTrip);
        SackAck(endpoint, 9);
        AdvanceUntilProbe(endpoint);

        var cwnd = endpoint.Tcb.CongestionWindow;
        SackAck(endpoint, 10);
        SackAck(endpoint, 10, (9, 10));
        endpoint.Tcb.Send(new byte[Mss]);
        endpoint.Drain();
        SackAck(endpoint, 11);
        Assert.Equal(0, endpoint.Tcb.Counters.TailLossProbeRecoveries);
        Assert.Equal(cwnd, endpoint.Tcb.CongestionWindow);
    }

    /// <summary>Moves time on a millisecond at a time until the tail loss probe goes out (at most a second).</summary>
    private static void AdvanceUntilProbe(Endpoint endpoint)
    {
        var until = endpoint.Now + TimeSpan.FromSeconds(1);
        while (endpoint.Tcb.Counters.TailLossProbes == 0 && endpoint.Now < until)
        {
            endpoint.Advance(TimeSpan.FromMilliseconds(1));
        }
    }
}
