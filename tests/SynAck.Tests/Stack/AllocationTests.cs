using SynAck.Tcp;
using Xunit.Abstractions;

namespace SynAck.Tests.Stack;

/// <summary>DESIGN.md's budget: no heap allocation per segment in a steady bulk transfer.</summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void A_steady_bulk_transfer_allocates_nothing_per_segment()
    {
        const int Chunk = 64 * 1024;
        const int WarmUpChunks = 100;
        const int MeasuredChunks = 400;
        var bed = new StackTestBed(trace: false, trustChecksums: true);
        long allocated = 0;
        long segments = 0;
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();
            var reader = Drain(server.GetStream());
            var writer = client.GetStream();
            var buffer = new byte[Chunk];
            long before = 0, segmentsBefore = 0;
            for (var i = 0; i < WarmUpChunks + MeasuredChunks; i++)
            {
                if (i == WarmUpChunks)
                {
                    // The whole simulation (both stacks, the network, this scenario) runs on this thread.
                    segmentsBefore = bed.Client.GetStatistics().TcpOutSegs + bed.Server.GetStatistics().TcpOutSegs;
                    before = GC.GetAllocatedBytesForCurrentThread();
                }

                await writer.WriteAsync(buffer);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            segments = bed.Client.GetStatistics().TcpOutSegs + bed.Server.GetStatistics().TcpOutSegs - segmentsBefore;
            writer.CompleteWrites();
            await reader;
        });

        output.WriteLine($"{allocated} bytes allocated over {segments} segments");
        Assert.True(segments > 20_000, $"only {segments} segments were measured");
        Assert.True(allocated < segments, $"{allocated} bytes were allocated over {segments} segments");
    }

    private static async Task Drain(TcpStream stream)
    {
        var buffer = new byte[64 * 1024];
        while (await stream.ReadAsync(buffer) > 0)
        {
        }
    }
}
