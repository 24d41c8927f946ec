using System.Diagnostics;
using SynAck.InMemory;
using SynAck.Links;
using SynAck.Tests.Stack;
using Xunit.Abstractions;

namespace SynAck.Tests.Tcp;

/// <summary>Bulk transfers both ways at once over a lossy, duplicating, reordering in-memory path, in virtual time.</summary>
public sealed class LossyTransferTests(ITestOutputHelper output)
{
    /// <summary>5 % loss, 5 % duplication and 5 % reordering each way, 2 ms latency, MTU 1500.</summary>
    private static readonly PathOptions LossyPath = new()
    {
        Latency = TimeSpan.FromMilliseconds(2),
        Faults = new FaultOptions
        {
            LossProbability = 0.05,
            DuplicationProbability = 0.05,
            ReorderProbability = 0.05,
            ReorderDelay = TimeSpan.FromMilliseconds(3),
        },
    };

    [Fact]
    public void A_hundred_megabytes_each_way_arrive_byte_exact_despite_loss_duplication_and_reordering()
    {
        const long BytesEachWay = 100L * 1000 * 1000;

        // The path never corrupts, so the stacks may skip verifying checksums (checksum offload).
        var bed = new StackTestBed(seed: 42, path: LossyPath, trace: false, trustChecksums: true);
        long clientReceived = 0, serverReceived = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        bed.Run(async () =>
        {
            var (listener, client, server) = await bed.EstablishAsync();
            var uploads = BulkTransfer.SendAsync(client.GetStream(), BytesEachWay, streamId: 1);
            var downloads = BulkTransfer.SendAsync(server.GetStream(), BytesEachWay, streamId: 2);
            var atServer = BulkTransfer.ReceiveAsync(server.GetStream(), streamId: 1);
            var atClient = BulkTransfer.ReceiveAsync(client.GetStream(), streamId: 2);
            await Task.WhenAll(uploads, downloads);
            serverReceived = await atServer;
            clientReceived = await atClient;
            await client.DisposeAsync();
            await server.DisposeAsync();
            await listener.DisposeAsync();
        });
        stopwatch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        var client = bed.Client.GetStatistics();
        var server = bed.Server.GetStatistics();
        var path = bed.Pair.Link.AToB.GetCounters();
        output.WriteLine($"{BytesEachWay} bytes each way: {stopwatch.Elapsed.TotalSeconds:F2} s real ({cpu.TotalSeconds:F2} s CPU), {bed.Simulation.Time.Elapsed.TotalSeconds:F1} s virtual; "
            + $"segments out {client.TcpOutSegs}/{server.TcpOutSegs}, retransmitted {client.TcpRetransSegs}/{server.TcpRetransSegs}; client->server path {path}");
        Assert.Equal(BytesEachWay, serverReceived);
        Assert.Equal(BytesEachWay, clientReceived);
        Assert.True(path.Lost > 0 && path.Duplicated > 0 && path.Reordered > 0, "the path must have lost, duplicated and reordered packets");
        Assert.True(client.TcpRetransSegs > 0 && server.TcpRetransSegs > 0, "losses must have been repaired by retransmissions both ways");
    }
}
