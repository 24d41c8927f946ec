using SynAck.InMemory;
using SynAck.Links;
using SynAck.Tcp;
using SynAck.Tcp.Congestion;
using SynAck.Tests.Stack;
using Xunit.Abstractions;

namespace SynAck.Tests.Tcp;

/// <summary>The congestion control chosen per connection, carrying a bulk transfer over a lossy path in virtual time.</summary>
public sealed class CongestionControlTransferTests(ITestOutputHelper output)
{
    /// <summary>2 % loss each way and 10 ms latency each way (a 20 ms RTT), MTU 1500.</summary>
    private static readonly PathOptions LossyPath = new()
    {
        Latency = TimeSpan.FromMilliseconds(10),
        Faults = new FaultOptions { LossProbability = 0.02 },
    };

    [Theory]
    [InlineData(null, "cubic")] // the default, as on Linux
    [InlineData(CongestionControlAlgorithm.Cubic, "cubic")]
    [InlineData(CongestionControlAlgorithm.NewReno, "newreno")]
    public void A_bulk_transfer_under_loss_arrives_byte_exact_with_the_chosen_congestion_control(CongestionControlAlgorithm? algorithm, string expectedName)
    {
        const long Bytes = 8L * 1000 * 1000;
        var options = algorithm is { } chosen ? new TcpConnectionOptions { CongestionControl = chosen } : null;
        var bed = new StackTestBed(seed: 7, path: LossyPath, connectionOptions: options, trace: false, trustChecksums: true);
        long received = 0;
        string? senderAlgorithm = null;
        var transferTime = TimeSpan.Zero;
        bed.Run(async () =>
        {
            var (listener, client, server) = await bed.EstablishAsync();
            senderAlgorithm = client.Tcb.CongestionControlName;
            var started = bed.Simulation.Time.GetUtcNow();
            var receiving = BulkTransfer.ReceiveAsync(server.GetStream(), streamId: 3);
            await BulkTransfer.SendAsync(client.GetStream(), Bytes, streamId: 3);
            received = await receiving;
            transferTime = bed.Simulation.Time.GetUtcNow() - started;
            await client.DisposeAsync();
            await server.DisposeAsync();
            await listener.DisposeAsync();
        });

        var client = bed.Client.GetStatistics();
        var path = bed.Pair.Link.AToB.GetCounters();
        output.WriteLine($"{senderAlgorithm}: {Bytes} bytes in {transferTime.TotalSeconds:F2} s virtual, "
            + $"goodput {Bytes * 8 / transferTime.TotalSeconds / 1e6:F1} Mbit/s; retransmitted {client.TcpRetransSegs}; path {path}");
        Assert.Equal(expectedName, senderAlgorithm);
        Assert.Equal(Bytes, received);
        Assert.True(path.Lost > 0, "the path must have lost packets");
        Assert.True(client.TcpRetransSegs > 0, "losses must have been repaired by retransmissions");
    }
}
