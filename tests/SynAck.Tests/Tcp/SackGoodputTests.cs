using SynAck.InMemory;
using SynAck.Links;
using SynAck.Tcp;
using SynAck.Tcp.Recovery;
using SynAck.Tests.Stack;
using Xunit.Abstractions;

namespace SynAck.Tests.Tcp;

/// <summary>
/// SACK (RFC 2018, RFC 6675) and RACK-TLP (RFC 8985) against NewReno with duplicate ACKs alone
/// (RFC 5681, RFC 6582): one bulk transfer over a seeded lossy path, in virtual time.
/// </summary>
public sealed class SackGoodputTests(ITestOutputHelper output)
{
    private const long Bytes = 4L * 1000 * 1000;

    /// <summary>2 % loss each way, 10 ms each way (20 ms RTT), MTU 1500.</summary>
    private static readonly PathOptions LossyPath = new()
    {
        Latency = TimeSpan.FromMilliseconds(10),
        Faults = new FaultOptions { LossProbability = 0.02 },
    };

    [Fact]
    public void Sack_with_rack_reaches_clearly_higher_goodput_than_newreno_without_sack_under_two_percent_loss()
    {
        var withSack = Transfer(new TcpConnectionOptions());
        var withSackDuplicateAcks = Transfer(new TcpConnectionOptions { LossDetection = LossDetection.DuplicateAck });
        var withoutSack = Transfer(new TcpConnectionOptions { Sack = false, LossDetection = LossDetection.DuplicateAck });

        output.WriteLine($"SACK + RACK-TLP:        {withSack}");
        output.WriteLine($"SACK + DupThresh:       {withSackDuplicateAcks}");
        output.WriteLine($"no SACK (NewReno):      {withoutSack}");
        output.WriteLine($"ratio SACK+RACK / NewReno: {withSack.Goodput / withoutSack.Goodput:F2}");

        Assert.True(withSack.SackUsed && !withoutSack.SackUsed, "the SACK option must be negotiated exactly when it is switched on");
        Assert.True(withSack.Goodput > 1.3 * withoutSack.Goodput, $"SACK+RACK {withSack.Goodput:F0} B/s is not 1.3 times NewReno's {withoutSack.Goodput:F0} B/s");
    }

    private Result Transfer(TcpConnectionOptions options)
    {
        var bed = new StackTestBed(seed: 7, path: LossyPath, connectionOptions: options, trace: false, trustChecksums: true);
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
        var statistics = bed.Client.GetStatistics();
        return new Result(Bytes / (end - start).TotalSeconds, (end - start).TotalSeconds, statistics.TcpRetransSegs, sackUsed, counters);
    }

    private readonly record struct Result(double Goodput, double Seconds, long Retransmitted, bool SackUsed, TcpConnectionCounters Counters)
    {
        public override string ToString()
            => $"{Goodput / 1e6 * 8:F2} Mbit/s ({Seconds:F2} s virtual; retransmitted {Retransmitted}, timeouts {Counters.RetransmissionTimeouts}, "
            + $"recoveries {Counters.FastRetransmits}, SACK retransmits {Counters.SackRetransmits}, TLP {Counters.TailLossProbes}/{Counters.TailLossProbeRecoveries}, D-SACK {Counters.SpuriousRetransmissions})";
    }
}
