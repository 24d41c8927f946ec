using SynAck.Tcp.Tests.Harness;

namespace SynAck.Tcp.Tests.ControlBlock.Scenarios;

/// <summary>DESIGN.md performance budget: no heap allocation per segment in a steady bulk transfer.</summary>
public class AllocationTests
{
    [Fact]
    public void Bulk_transfer_between_two_control_blocks_allocates_nothing_per_segment()
    {
        using var pair = new Pair { Record = false };
        pair.Establish();
        var chunk = new byte[64 * 1024];
        new Random(5).NextBytes(chunk);
        var sink = new byte[64 * 1024];
        long received = 0;
        pair.Applications = () =>
        {
            pair.Client.Send(chunk);
            int read;
            while ((read = pair.Server.Receive(sink)) > 0)
            {
                received += read;
            }
        };

        // Warm up: buffers rented, JIT done, the wire's queues grown to their steady size.
        pair.RunUntil(() => received >= 8 << 20, TimeSpan.FromMinutes(5));

        var segmentsBefore = pair.Client.Counters.SegmentsSent + pair.Server.Counters.SegmentsSent;
        var receivedBefore = received;
        Func<bool> done = () => received >= receivedBefore + (32 << 20);
        var before = GC.GetAllocatedBytesForCurrentThread();
        pair.RunUntil(done, TimeSpan.FromMinutes(5));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var segments = pair.Client.Counters.SegmentsSent + pair.Server.Counters.SegmentsSent - segmentsBefore;

        Assert.True(segments > 20_000, $"only {segments} segments");
        Assert.True(received - receivedBefore >= 32 << 20);
        Assert.Equal(0, allocated);
    }
}
