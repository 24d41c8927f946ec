using SynAck.InMemory;
using SynAck.Links;
using SynAck.Tcp;
using SynAck.Tcp.Recovery;
using SynAck.Tests.Stack;
using Xunit.Abstractions;

namespace SynAck.Tests.Tcp;

/// <summary>
/// SACK (RFC 2018, RFC 6675) with RACK-TLP (RFC 8985) against duplicate ACKs alone with NewReno
/// fast recovery (RFC 5681, RFC 6582): bulk transfers over a seeded lossy path, in virtual time.
/// Every run uses the default congestion control, so the difference is loss detection and recovery alone.
/// </summary>
public sealed class SackGoodputTests(ITestOutputHelper output)
{
    private const long Bytes = 4L * 1000 * 1000;

    /// <summary>Seeds of the path's losses; goodput is summed over them so no single draw decides.</summary>
    private static readonly int[] Seeds = [1, 2, 3, 4, 5, 6];

    /// <summary>2 % loss each way, 10 ms each way (20 ms RTT), MTU 1500.</summary>
    private static readonly PathOptions LossyPath = new()
    {
        Latency = TimeSpan.FromMilliseconds(10),
        Faults = new FaultOptions { LossProbability = 0.02 },
    };

    private static readonly TcpConnectionOptions SackAndRack = new();
    private static readonly TcpConnectionOptions SackAndDuplicateAcks = new() { LossDetection = LossDetection.DuplicateAck };
    private static readonly TcpConnectionOptions NoSack = new() { Sack = false, LossDetection = LossDetection.DuplicateAck };

    [Fact]
    public void Sack_with_rack_reaches_higher_goodput_than_recovery_without_sack_under_two_percent_loss()
    {
        double rackSeconds = 0, duplicateAckSeconds = 0, newRenoSeconds = 0;
        foreach (var seed in Seeds)
        {
            var rack = Transfer(SackAndRack, seed);
            var duplicateAcks = Transfer(SackAndDuplicateAcks, seed);
            var newReno = Transfer(NoSack, seed);
            output.WriteLine($"seed {seed}: SACK+RACK-TLP {rack}; SACK+DupThresh {duplicateAcks}; dup-ACK recovery without SACK {newReno}");
            Assert.True(rack.SackUsed && duplicateAcks.SackUsed && !newReno.SackUsed, "SACK must be negotiated exactly when it is switched on");
            rackSeconds += rack.Seconds;
            duplicateAckSeconds += duplicateAcks.Seconds;
            newRenoSeconds += newReno.Seconds;
        }

        var total = Bytes * Seeds.Length * 8 / 1e6;
        output.WriteLine($"over {Seeds.Length} seeds: SACK+RACK-TLP {total / rackSeconds:F2} Mbit/s, SACK+DupThresh {total / duplicateAckSeconds:F2} Mbit/s, "
            + $"dup-ACK recovery without SACK {total / newRenoSeconds:F2} Mbit/s; ratio {newRenoSeconds / rackSeconds:F2}");
        Assert.True(newRenoSeconds > 1.15 * rackSeconds, $"SACK+RACK took {rackSeconds:F2} s in all, recovery without SACK {newRenoSeconds:F2} s: less than 1.15 times faster");
    }

    private static Result Transfer(TcpConnectionOptions options, int seed)
    {
        var bed = new StackTestBed(seed: seed, path: LossyPath, connectionOptions: options, trace: false, trustChecksums: true);
        long received = 0;
        TimeSpan start = default, end = default;
        var sackUsed = false;
        TcpConnectionCounters counters = default;
        bed.Run(async () =>
        {
            var (listener, client, server) = await bed.EstablishAsync();
            start = bed.Simulation.Time.Elapsed;
            var upload = BulkTransfer.SendAsync(client.GetStream(), Bytes, streamId: 1);
            received = await BulkTransfer.ReceiveAsync(server.GetStream(), streamId: 1);
            end = bed.Simulation.Time.Elapsed;
            await upload;
            sackUsed = client.Tcb.SackEnabled;
            counters = client.Tcb.Counters;
            await client.DisposeAsync();
            await server.DisposeAsync();
            await listener.DisposeAsync();
        });

        // Every byte arrives, in order and intact (ReceiveAsync checks the pattern).
        Assert.Equal(Bytes, received);
        return new Result((end - start).TotalSeconds, sackUsed, counters);
    }

    private readonly record struct Result(double Seconds, bool SackUsed, TcpConnectionCounters Counters)
    {
        public override string ToString()
            => $"{Bytes * 8 / 1e6 / Seconds:F2} Mbit/s ({Seconds:F2} s; retransmitted {Counters.SegmentsRetransmitted}, RTOs {Counters.RetransmissionTimeouts}, "
            + $"recoveries {Counters.FastRetransmits}, TLPs {Counters.TailLossProbes})";
    }
}
