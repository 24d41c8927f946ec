using SynAck.InMemory;
using SynAck.Links;
using SynAck.Runtime;

namespace SynAck.Tests.InMemory;

public sealed class InMemoryNetworkRealTimeTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);
    private readonly ThreadEventLoop _loopA = new("a");
    private readonly ThreadEventLoop _loopB = new("b");
    private readonly InMemoryNetwork _network = new(TimeProvider.System, seed: 1);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void On_the_real_clock_every_packet_arrives_in_order_on_the_receivers_loop_thread(int latencyMs)
    {
        const int Packets = 500;
        var link = _network.Connect("a", "b", new PathOptions { Latency = TimeSpan.FromMilliseconds(latencyMs) });
        var receiver = new Receiver(_loopB, Packets);
        link.A.Attach(new Receiver(_loopA, 0), _loopA);
        link.B.Attach(receiver, _loopB);

        _loopA.Post(() =>
        {
            for (var id = 0; id < Packets; id++)
            {
                link.A.Send(TestPackets.Make(id));
            }
        });

        Assert.True(receiver.Done.Wait(HangGuard), $"{receiver.Ids.Count} of {Packets} packets arrived");
        Assert.Equal(Enumerable.Range(0, Packets), receiver.Ids);
        Assert.True(receiver.AllOnLoop);
        Assert.Equal(Packets, link.AToB.GetCounters().Delivered);
    }

    [Fact]
    public void On_the_real_clock_a_lossy_path_delivers_exactly_the_packets_not_lost()
    {
        const int Packets = 2_000;
        var observer = new ConcurrentObserver();
        _network.Observer = observer;
        var link = _network.Connect("a", "b", new PathOptions { Latency = TimeSpan.FromMilliseconds(1), Faults = new FaultOptions { LossProbability = 0.1 } });
        var receiver = new Receiver(_loopB, -1);
        link.A.Attach(new Receiver(_loopA, 0), _loopA);
        link.B.Attach(receiver, _loopB);
        using var sent = new ManualResetEventSlim();

        _loopA.Post(() =>
        {
            for (var id = 0; id < Packets; id++)
            {
                link.A.Send(TestPackets.Make(id));
            }

            sent.Set();
        });
        Assert.True(sent.Wait(HangGuard));
        var delivered = Packets - (int)link.AToB.GetCounters().Lost;
        Assert.True(receiver.WaitFor(delivered, HangGuard), $"{receiver.Ids.Count} of {delivered} packets arrived");

        var lost = observer.Lost();
        Assert.Equal(Enumerable.Range(0, Packets).Where(id => !lost.Contains(id)), receiver.Ids);
        TestPackets.AssertRate(lost.Count, Packets, 0.1);
    }

    public void Dispose()
    {
        _network.Dispose();
        _loopA.Dispose();
        _loopB.Dispose();
    }

    private sealed class Receiver(EventLoop loop, int expected) : ILinkReceiver
    {
        private readonly object _gate = new();

        public List<int> Ids { get; } = [];

        public bool AllOnLoop { get; private set; } = true;

        public ManualResetEventSlim Done { get; } = new(expected == 0);

        public void OnPacketReceived(ReadOnlySpan<byte> ipPacket)
        {
            lock (_gate)
            {
                AllOnLoop &= loop.IsCurrentThread;
                Ids.Add(TestPackets.Id(ipPacket));
                if (Ids.Count == expected)
                {
                    Done.Set();
                }

                Monitor.PulseAll(_gate);
            }
        }

        public bool WaitFor(int count, TimeSpan timeout)
        {
            lock (_gate)
            {
                while (Ids.Count < count)
                {
                    if (!Monitor.Wait(_gate, timeout))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }

    private sealed class ConcurrentObserver : IPacketObserver
    {
        private readonly object _gate = new();
        private readonly HashSet<int> _lost = [];

        public void OnPacket(in PacketEvent packetEvent)
        {
            if (packetEvent.IsLost)
            {
                lock (_gate)
                {
                    _lost.Add(TestPackets.Id(packetEvent.Packet));
                }
            }
        }

        public HashSet<int> Lost()
        {
            lock (_gate)
            {
                return [.. _lost];
            }
        }
    }
}
