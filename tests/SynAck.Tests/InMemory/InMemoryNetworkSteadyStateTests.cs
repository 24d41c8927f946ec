using SynAck.InMemory;
using SynAck.Links;
using SynAck.Runtime;

namespace SynAck.Tests.InMemory;

public class InMemoryNetworkSteadyStateTests
{
    [Fact]
    public void Carrying_a_packet_allocates_nothing_once_pools_and_queues_have_grown()
    {
        var simulation = new Simulation(new SimulationOptions { Seed = 4 });
        using var network = new InMemoryNetwork(simulation);
        var faults = new FaultOptions { LossProbability = 0.02, DuplicationProbability = 0.02, ReorderProbability = 0.02, CorruptionProbability = 0.02 };
        var link = network.Connect("a", "b", new PathOptions { Latency = TimeSpan.FromMilliseconds(2), BitsPerSecond = 1_000_000_000, Faults = faults });
        var loopA = simulation.CreateLoop("a");
        var loopB = simulation.CreateLoop("b");
        var counter = new CountingReceiver();
        link.A.Attach(counter, loopA);
        link.B.Attach(counter, loopB);
        var pump = new Pump(link.A, loopA);
        loopA.Post(pump);

        pump.Remaining = 5_000;
        simulation.RunUntilIdle();
        var deliveredBefore = counter.Count;
        pump.Remaining = 20_000;
        loopA.Post(pump);
        var before = GC.GetAllocatedBytesForCurrentThread();
        simulation.RunUntilIdle();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(counter.Count - deliveredBefore > 19_000);
        Assert.True(allocated < 20_000, $"20 000 packets allocated {allocated} bytes");
        pump.Dispose();
    }

    /// <summary>Sends one 1400-byte packet every 20 µs of virtual time from its loop.</summary>
    private sealed class Pump : IWorkItem, IDisposable
    {
        private readonly ILink _link;
        private readonly LoopTimer _timer;
        private readonly byte[] _packet = new byte[1400];

        public Pump(ILink link, EventLoop loop)
        {
            _link = link;
            _timer = loop.CreateTimer(static state => ((Pump)state!).Execute(), this);
        }

        public int Remaining { get; set; }

        public void Execute()
        {
            if (Remaining-- <= 0)
            {
                return;
            }

            _link.Send(_packet);
            _timer.ScheduleAfter(TimeSpan.FromMicroseconds(20));
        }

        public void Dispose() => _timer.Dispose();
    }

    private sealed class CountingReceiver : ILinkReceiver
    {
        public int Count { get; private set; }

        public void OnPacketReceived(ReadOnlySpan<byte> ipPacket) => Count++;
    }
}
