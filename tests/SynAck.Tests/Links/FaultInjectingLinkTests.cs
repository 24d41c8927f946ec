using SynAck.InMemory;
using SynAck.Links;
using SynAck.Runtime;
using SynAck.Tests.InMemory;

namespace SynAck.Tests.Links;

public class FaultInjectingLinkTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Faults_hit_each_direction_at_about_their_configured_rates_and_are_counted()
    {
        const int Packets = 10_000;
        var outbound = new FaultOptions { LossProbability = 0.05, DuplicationProbability = 0.03, CorruptionProbability = 0.02 };
        var inbound = new FaultOptions { LossProbability = 0.2 };
        var setup = new Setup(outbound, inbound);

        setup.Exchange(Packets);

        var sent = setup.Faulty.OutboundCounters;
        Assert.Equal(Packets, sent.Packets);
        TestPackets.AssertRate(sent.Lost, Packets, 0.05);
        TestPackets.AssertRate(sent.Duplicated, Packets - sent.Lost, 0.03);
        TestPackets.AssertRate(sent.Corrupted, Packets - sent.Lost, 0.02);
        Assert.Equal(Packets - sent.Lost + sent.Duplicated, setup.AtPeer.Received.Count);

        var received = setup.Faulty.InboundCounters;
        Assert.Equal(Packets, received.Packets);
        TestPackets.AssertRate(received.Lost, Packets, 0.2);
        Assert.Equal((0L, 0L, 0L), (received.Duplicated, received.Corrupted, received.Reordered));
        Assert.Equal(Packets - received.Lost, setup.AtStack.Received.Count);
        Assert.All(setup.AtStack.Received, r => Assert.True(r.OnLoop));
    }

    [Fact]
    public void A_reordered_packet_is_forwarded_after_the_reorder_delay_from_the_loop()
    {
        var faults = new FaultOptions { ReorderProbability = 0.25, ReorderDelay = TimeSpan.FromMilliseconds(4.5) };
        var setup = new Setup(faults, FaultOptions.None);

        setup.SendEvery(Ms, 1_000);

        var ids = setup.AtPeer.Ids.ToList();
        Assert.Equal(Enumerable.Range(0, 1_000), ids.Order());
        var late = setup.AtPeer.Received.Where(r => r.At != TestPackets.Id(r.Packet) * Ms).ToList();
        Assert.Equal(setup.Faulty.OutboundCounters.Reordered, late.Count);
        TestPackets.AssertRate(late.Count, 1_000, 0.25);
        Assert.All(late, r => Assert.Equal((TestPackets.Id(r.Packet) * Ms) + TimeSpan.FromMilliseconds(4.5), r.At));
    }

    [Fact]
    public void With_a_reorder_distance_a_held_packet_is_sent_right_after_the_nth_packet_passes_it()
    {
        var faults = new FaultOptions { ReorderProbability = 0.1, ReorderDistance = 3, ReorderDelay = TimeSpan.FromSeconds(10) };
        var setup = new Setup(faults, FaultOptions.None);

        setup.SendEvery(Ms, 2_000);

        var ids = setup.AtPeer.Ids.ToList();
        Assert.Equal(Enumerable.Range(0, 2_000), ids.Order());
        var late = setup.AtPeer.Received.Where(r => r.At != TestPackets.Id(r.Packet) * Ms && r.At < TimeSpan.FromSeconds(2)).ToList();
        Assert.True(late.Count > 100);
        foreach (var (at, packet, _) in late)
        {
            // Released when the third non-held packet after it went out, in the same instant.
            var id = TestPackets.Id(packet);
            var passedBy = setup.AtPeer.Received.Count(r => r.At == at && TestPackets.Id(r.Packet) > id && r.At == TestPackets.Id(r.Packet) * Ms);
            Assert.Equal(1, passedBy);
            var overtakers = ids.TakeWhile(x => x != id).Count(x => x > id && setup.AtPeer.Received.First(r => TestPackets.Id(r.Packet) == x).At == x * Ms);
            Assert.Equal(3, overtakers);
        }
    }

    [Fact]
    public void The_same_generator_seed_gives_the_same_faults()
    {
        static (FaultCounters, FaultCounters, List<int>) Run(int seed)
        {
            var faults = new FaultOptions { LossProbability = 0.1, DuplicationProbability = 0.1, ReorderProbability = 0.1, CorruptionProbability = 0.1 };
            var setup = new Setup(faults, faults, seed);
            setup.Exchange(2_000);
            return (setup.Faulty.OutboundCounters, setup.Faulty.InboundCounters, setup.AtPeer.Ids.Concat(setup.AtStack.Ids).ToList());
        }

        var first = Run(3);
        var again = Run(3);
        Assert.Equal(first.Item1, again.Item1);
        Assert.Equal(first.Item2, again.Item2);
        Assert.Equal(first.Item3, again.Item3);
        Assert.NotEqual(first.Item3, Run(4).Item3);
    }

    [Fact]
    public void The_decorator_passes_name_and_mtu_through_and_refuses_misuse()
    {
        var simulation = new Simulation();
        var network = new InMemoryNetwork(simulation);
        var link = network.Connect("stack", "peer", new PathOptions { Mtu = 9000 });
        var faulty = new FaultInjectingLink(link.A, FaultOptions.None, new Random(1));
        var loop = simulation.CreateLoop("stack");

        Assert.Equal(("stack", 9000), (faulty.Name, faulty.Mtu));
        Assert.Throws<InvalidOperationException>(() => faulty.Send(TestPackets.Make(1)));
        faulty.Attach(new PacketRecorder(loop), loop);
        Assert.Throws<InvalidOperationException>(() => faulty.Attach(new PacketRecorder(loop), loop));
    }

    [Fact]
    public void Disposing_the_decorator_disposes_the_wrapped_link()
    {
        var simulation = new Simulation();
        var network = new InMemoryNetwork(simulation);
        var link = network.Connect("stack", "peer");
        var loop = simulation.CreateLoop("stack");
        var faulty = new FaultInjectingLink(link.A, new FaultOptions { ReorderProbability = 1 }, new Random(1));
        faulty.Attach(new PacketRecorder(loop), loop);
        loop.Post(() => faulty.Send(TestPackets.Make(1)));
        simulation.RunFor(TimeSpan.Zero);

        simulation.Run(async () => await faulty.DisposeAsync());
        simulation.RunUntilIdle();

        Assert.Throws<ObjectDisposedException>(() => link.A.Send(TestPackets.Make(2)));
        Assert.Equal(0, link.AToB.GetCounters().Sent);
    }

    /// <summary>A stack-side fault-injecting link over an in-memory link to a peer, in virtual time.</summary>
    private sealed class Setup
    {
        public Setup(FaultOptions outbound, FaultOptions inbound, int seed = 1)
        {
            Simulation = new Simulation(new SimulationOptions { Seed = seed });
            var network = new InMemoryNetwork(Simulation);
            var link = network.Connect("stack", "peer");
            StackLoop = Simulation.CreateLoop("stack");
            PeerLoop = Simulation.CreateLoop("peer");
            Faulty = new FaultInjectingLink(link.A, outbound, inbound, Simulation.CreateRandom());
            Peer = link.B;
            AtStack = new PacketRecorder(StackLoop);
            AtPeer = new PacketRecorder(PeerLoop);
            Faulty.Attach(AtStack, StackLoop);
            Peer.Attach(AtPeer, PeerLoop);
        }

        public Simulation Simulation { get; }

        public EventLoop StackLoop { get; }

        public EventLoop PeerLoop { get; }

        public FaultInjectingLink Faulty { get; }

        public ILink Peer { get; }

        public PacketRecorder AtStack { get; }

        public PacketRecorder AtPeer { get; }

        public void SendEvery(TimeSpan interval, int count)
        {
            for (var id = 0; id < count; id++)
            {
                var packet = TestPackets.Make(id);
                StackLoop.Post(() => Faulty.Send(packet));
                Simulation.RunFor(interval);
            }

            Simulation.RunUntilIdle();
        }

        /// <summary>Each side sends <paramref name="count"/> packets to the other, interleaved.</summary>
        public void Exchange(int count)
        {
            for (var id = 0; id < count; id++)
            {
                var packet = TestPackets.Make(id);
                StackLoop.Post(() => Faulty.Send(packet));
                PeerLoop.Post(() => Peer.Send(packet));
                Simulation.RunFor(TimeSpan.FromMicroseconds(100));
            }

            Simulation.RunUntilIdle();
        }
    }
}
