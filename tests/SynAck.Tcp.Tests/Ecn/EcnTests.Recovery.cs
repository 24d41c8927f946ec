using SynAck.Tcp.Recovery;
using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.Ecn;

/// <summary>
/// ECN and loss recovery together (RFC 3168 §6.1.2): "the TCP sender's congestion window should be
/// reduced only once in response to a series of dropped and/or CE packets from a single window of
/// data", and a reduction "for any reason" sets CWR on the first new data after it, so the
/// receiver stops echoing. (Linux: the Recovery and Loss states include CWR's reduction.)
/// </summary>
public partial class EcnTests
{
    [Fact]
    public void Ece_during_fast_recovery_and_on_the_ack_that_ends_it_does_not_reduce_the_window_again()
    {
        using var endpoint = SenderWithFlight(out var flight);
        var mss = endpoint.Tcb.EffectiveSendMss;
        var hole = flight[0].Segment.Seq;
        for (var i = 0; i < 3; i++)
        {
            endpoint.FromPeer(TcpFlags.Ack, ack: hole);
        }

        Assert.Contains(Drain(endpoint), s => s.Segment.Seq == hole);
        Assert.Equal(1, endpoint.Tcb.Counters.FastRetransmits);
        Assert.True(endpoint.Tcb.InFastRecovery);
        var ssthresh = endpoint.Tcb.SlowStartThreshold;
        Assert.Equal(5 * mss, ssthresh);

        // The receiver saw a CE mark in the same window: its duplicate ACKs carry ECE.
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: hole);
        Assert.Equal(0, endpoint.Tcb.Counters.EcnReductions);

        // The full ACK ends recovery and still echoes the mark (no CWR has reached the receiver).
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: flight[^1].Segment.Seq + mss);
        Assert.False(endpoint.Tcb.InFastRecovery);
        Assert.Equal(0, endpoint.Tcb.Counters.EcnReductions);
        Assert.Equal(ssthresh, endpoint.Tcb.SlowStartThreshold);

        // The fast retransmit reduced the window, so the first new data after it carries CWR.
        var next = Drain(endpoint);
        Assert.NotEmpty(next);
        Assert.True(next[0].Segment.Header.Has(TcpFlags.Cwr), $"first new data after the reduction: {next[0].Segment.Flags}");
        Assert.All(next.Skip(1), s => Assert.False(s.Segment.Header.Has(TcpFlags.Cwr)));

        // ECE for data sent after the reduction is new congestion.
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: next[0].Segment.Seq + mss);
        Assert.Equal(1, endpoint.Tcb.Counters.EcnReductions);
    }

    [Fact]
    public void Ece_during_and_just_after_sack_recovery_does_not_reduce_the_window_again()
    {
        using var endpoint = SenderWithFlight(
            out var flight,
            new TcpSettings { LossDetection = LossDetection.DuplicateAck },
            Endpoint.SynOptions() with { SackPermitted = true });
        var mss = endpoint.Tcb.EffectiveSendMss;
        var hole = flight[0].Segment.Seq;
        for (var sacked = 1; sacked <= 3; sacked++)
        {
            endpoint.FromPeer(TcpFlags.Ack, ack: hole, options: Sack(flight[1].Segment.Seq, flight[sacked].Segment.Seq + mss));
        }

        Assert.Equal(1, endpoint.Tcb.Counters.FastRetransmits);
        Assert.True(endpoint.Tcb.InFastRecovery);
        var (cwnd, ssthresh) = (endpoint.Tcb.CongestionWindow, endpoint.Tcb.SlowStartThreshold);
        Drain(endpoint);

        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: hole, options: Sack(flight[1].Segment.Seq, flight[4].Segment.Seq + mss));
        Assert.Equal(0, endpoint.Tcb.Counters.EcnReductions);

        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: flight[^1].Segment.Seq + mss);
        Assert.False(endpoint.Tcb.InFastRecovery);
        Assert.Equal(0, endpoint.Tcb.Counters.EcnReductions);
        Assert.Equal(ssthresh, endpoint.Tcb.SlowStartThreshold);
        Assert.True(endpoint.Tcb.CongestionWindow >= Math.Min(cwnd, ssthresh), $"cwnd {endpoint.Tcb.CongestionWindow} fell below {Math.Min(cwnd, ssthresh)}");

        var next = Drain(endpoint);
        Assert.NotEmpty(next);
        Assert.True(next[0].Segment.Header.Has(TcpFlags.Cwr), $"first new data after the reduction: {next[0].Segment.Flags}");
    }

    [Fact]
    public void Ece_for_data_sent_before_a_retransmission_timeout_does_not_reduce_the_window_again()
    {
        using var endpoint = SenderWithFlight(out var flight);
        var mss = endpoint.Tcb.EffectiveSendMss;
        var retransmission = Assert.Single(endpoint.Advance(endpoint.Tcb.RetransmissionTimeout)).Segment;
        Assert.Equal(flight[0].Segment.Seq, retransmission.Seq);
        var ssthresh = endpoint.Tcb.SlowStartThreshold;
        Assert.Equal(5 * mss, ssthresh);

        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: flight[0].Segment.Seq + mss);
        Assert.Equal(0, endpoint.Tcb.Counters.EcnReductions);
        Assert.Equal(ssthresh, endpoint.Tcb.SlowStartThreshold);

        // Go-back-N repairs the rest of the window; the first new data after it carries CWR.
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: flight[^1].Segment.Seq + mss);
        Assert.Equal(0, endpoint.Tcb.Counters.EcnReductions);
        var next = Drain(endpoint).Where(s => s.Segment.Seq >= flight[^1].Segment.Seq + mss).ToList();
        Assert.NotEmpty(next);
        Assert.True(next[0].Segment.Header.Has(TcpFlags.Cwr), $"first new data after the timeout: {next[0].Segment.Flags}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_loss_in_a_window_already_reduced_for_ece_is_repaired_without_a_second_reduction(bool sack)
    {
        // CUBIC (the default): each reduction multiplies cwnd by 0.7, so a second one shows.
        using var endpoint = SenderWithFlight(
            out var flight,
            new TcpSettings { LossDetection = LossDetection.DuplicateAck },
            sack ? Endpoint.SynOptions() with { SackPermitted = true } : null);
        var mss = endpoint.Tcb.EffectiveSendMss;
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Ece, ack: flight[0].Segment.Seq + mss);
        Assert.Equal(1, endpoint.Tcb.Counters.EcnReductions);
        var ssthresh = endpoint.Tcb.SlowStartThreshold;

        // The next segment of the same window was lost.
        var hole = flight[1].Segment.Seq;
        for (var sacked = 2; sacked <= 4; sacked++)
        {
            endpoint.FromPeer(TcpFlags.Ack, ack: hole, options: sack ? Sack(flight[2].Segment.Seq, flight[sacked].Segment.Seq + mss) : default);
        }

        Assert.Contains(Drain(endpoint), s => s.Segment.Seq == hole);
        Assert.Equal(1, endpoint.Tcb.Counters.FastRetransmits);
        Assert.Equal(ssthresh, endpoint.Tcb.SlowStartThreshold);
    }

    private static TcpOptions Sack(SequenceNumber left, SequenceNumber right) => new() { SackBlocks = new SackBlockList([new SackBlock(left, right)]) };
}
