using SynAck.InMemory;
using SynAck.Links;

namespace SynAck.Tests.InMemory;

public class InMemoryNetworkTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Each_packet_arrives_exactly_one_latency_after_it_was_sent_on_the_receivers_loop()
    {
        var net = new NetworkFixture(new PathOptions { Latency = 25 * Ms });

        net.SendFromAEvery(Ms, 3);

        Assert.Equal([(25 * Ms, 0, true), (26 * Ms, 1, true), (27 * Ms, 2, true)], net.AtB.Received.Select(r => (r.At, TestPackets.Id(r.Packet), r.OnLoop)));
        Assert.Empty(net.AtA.Received);
    }

    [Fact]
    public void Without_latency_a_packet_arrives_at_the_same_virtual_instant_but_not_inside_the_send_call()
    {
        var net = new NetworkFixture(PathOptions.Ideal);
        var receivedDuringSend = -1;
        net.LoopA.Post(() =>
        {
            net.Link.A.Send(TestPackets.Make(7));
            receivedDuringSend = net.AtB.Received.Count;
        });

        net.Simulation.RunUntilIdle();

        Assert.Equal(0, receivedDuringSend);
        Assert.Equal([(TimeSpan.Zero, 7)], net.AtB.Received.Select(r => (r.At, TestPackets.Id(r.Packet))));
    }

    [Fact]
    public void Bandwidth_adds_serialisation_delay_and_packets_queue_behind_each_other()
    {
        // 1250 bytes at 1 Mbit/s take 10 ms on the wire; then 5 ms of propagation.
        var net = new NetworkFixture(new PathOptions { BitsPerSecond = 1_000_000, Latency = 5 * Ms });

        net.SendFromA(TestPackets.Make(0, 1250), TestPackets.Make(1, 1250), TestPackets.Make(2, 1250));
        net.Simulation.RunFor(100 * Ms);
        net.SendFromA(TestPackets.Make(3, 125));
        net.Simulation.RunUntilIdle();

        Assert.Equal([15 * Ms, 25 * Ms, 35 * Ms, 106 * Ms], net.AtB.Received.Select(r => r.At));
    }

    [Fact]
    public void A_full_transmission_queue_drops_the_packets_that_arrive_at_its_tail()
    {
        var observer = new TraceObserver();
        var net = new NetworkFixture(new PathOptions { BitsPerSecond = 1_000_000, QueueLimit = 4 }, observer: observer);

        net.SendFromA([.. Enumerable.Range(0, 10).Select(i => TestPackets.Make(i, 1250))]);
        net.Simulation.RunFor(25 * Ms);
        net.SendFromA(TestPackets.Make(10, 1250));
        net.Simulation.RunUntilIdle();

        Assert.Equal([0, 1, 2, 3, 10], net.AtB.Ids);
        Assert.Equal(6, net.Link.AToB.GetCounters().DroppedQueueFull);
        var sent = observer.Events.Where(e => e.Kind == PacketEventKind.Sent).ToList();
        Assert.Equal([.. Enumerable.Range(4, 6)], sent.Where(e => e.Fate == PacketFate.QueueFull).Select(e => e.Id));
    }

    [Fact]
    public void Packets_larger_than_the_path_mtu_are_dropped_and_counted()
    {
        var observer = new TraceObserver();
        var net = new NetworkFixture(new PathOptions { Mtu = 576 }, observer: observer);

        net.SendFromA(TestPackets.Make(1, 576), TestPackets.Make(2, 577), TestPackets.Make(3, 100));
        net.Simulation.RunUntilIdle();

        Assert.Equal(576, net.Link.A.Mtu);
        Assert.Equal(1500, net.Link.B.Mtu);
        Assert.Equal([1, 3], net.AtB.Ids);
        var counters = net.Link.AToB.GetCounters();
        Assert.Equal((3L, 1L, 2L), (counters.Sent, counters.DroppedTooBig, counters.Delivered));
        Assert.Equal(PacketFate.TooBig, Assert.Single(observer.Events, e => e.Id == 2).Fate);
    }

    [Fact]
    public void Random_loss_drops_about_the_configured_share_and_the_observer_names_each_lost_packet()
    {
        const int Packets = 10_000;
        var observer = new TraceObserver();
        var net = new NetworkFixture(new PathOptions { Faults = new FaultOptions { LossProbability = 0.05 } }, observer: observer);

        net.SendFromAEvery(TimeSpan.FromMicroseconds(100), Packets);

        var counters = net.Link.AToB.GetCounters();
        TestPackets.AssertRate(counters.Lost, Packets, 0.05);
        Assert.Equal(Packets, counters.Lost + counters.Delivered);
        var lost = observer.Events.Where(e => e.Fate == PacketFate.Lost).Select(e => e.Id).ToHashSet();
        Assert.Equal(counters.Lost, lost.Count);
        Assert.Equal(Enumerable.Range(0, Packets).Where(id => !lost.Contains(id)), net.AtB.Ids);
    }

    [Fact]
    public void A_duplicated_packet_is_delivered_twice_back_to_back()
    {
        const int Packets = 10_000;
        var net = new NetworkFixture(new PathOptions { Faults = new FaultOptions { DuplicationProbability = 0.1 } });

        net.SendFromAEvery(TimeSpan.FromMicroseconds(100), Packets);

        var counters = net.Link.AToB.GetCounters();
        TestPackets.AssertRate(counters.Duplicated, Packets, 0.1);
        Assert.Equal(Packets + counters.Duplicated, net.AtB.Received.Count);
        var ids = net.AtB.Ids.ToList();
        Assert.Equal(Enumerable.Range(0, Packets), ids.Distinct());
        Assert.Equal(counters.Duplicated, ids.Zip(ids.Skip(1)).Count(pair => pair.First == pair.Second));
    }

    [Fact]
    public void A_reordered_packet_is_held_for_the_reorder_delay_and_later_packets_overtake_it()
    {
        const int Packets = 5_000;
        var observer = new TraceObserver();
        var faults = new FaultOptions { ReorderProbability = 0.1, ReorderDelay = TimeSpan.FromMilliseconds(3.5) };
        var net = new NetworkFixture(new PathOptions { Latency = 2 * Ms, Faults = faults }, observer: observer);

        net.SendFromAEvery(Ms, Packets);

        var counters = net.Link.AToB.GetCounters();
        TestPackets.AssertRate(counters.Reordered, Packets, 0.1);
        var held = observer.Events.Where(e => e.Kind == PacketEventKind.Sent && e.Faults.HasFlag(PacketFaults.Reordered)).Select(e => e.Id).ToHashSet();
        Assert.Equal(counters.Reordered, held.Count);
        Assert.Equal(Packets, net.AtB.Received.Count);
        foreach (var (at, packet, _) in net.AtB.Received)
        {
            var id = TestPackets.Id(packet);
            var expected = (id * Ms) + (2 * Ms) + (held.Contains(id) ? faults.ReorderDelay : TimeSpan.Zero);
            Assert.Equal(expected, at);
        }

        var ids = net.AtB.Ids.ToList();
        Assert.NotEqual(Enumerable.Range(0, Packets), ids);
        Assert.Equal(Enumerable.Range(0, Packets), ids.Order());
    }

    [Fact]
    public void With_a_reorder_distance_a_held_packet_follows_the_nth_packet_that_overtakes_it()
    {
        const int Packets = 3_000;
        var observer = new TraceObserver();
        var faults = new FaultOptions { ReorderProbability = 0.1, ReorderDistance = 2, ReorderDelay = TimeSpan.FromSeconds(1) };
        var net = new NetworkFixture(new PathOptions { Faults = faults }, observer: observer);

        net.SendFromAEvery(Ms, Packets);

        // The model: a held packet leaves right after the second packet that goes past it
        // (held packets do not count as passing), or after the delay when traffic ends first.
        var expected = new List<int>();
        var waiting = new List<(int Id, int Remaining)>();
        foreach (var sent in observer.Events.Where(e => e.Kind == PacketEventKind.Sent))
        {
            if (sent.Faults.HasFlag(PacketFaults.Reordered))
            {
                waiting.Add((sent.Id, 2));
                continue;
            }

            expected.Add(sent.Id);
            waiting = [.. waiting.Select(w => (w.Id, w.Remaining - 1))];
            expected.AddRange(waiting.Where(w => w.Remaining == 0).Select(w => w.Id));
            waiting.RemoveAll(w => w.Remaining == 0);
        }

        expected.AddRange(waiting.Select(w => w.Id));
        Assert.True(net.Link.AToB.GetCounters().Reordered > 100);
        Assert.Equal(expected, net.AtB.Ids);
    }

    [Fact]
    public void A_corrupted_packet_arrives_with_exactly_one_bit_flipped()
    {
        const int Packets = 5_000;
        var net = new NetworkFixture(new PathOptions { Faults = new FaultOptions { CorruptionProbability = 0.2 } });

        net.SendFromAEvery(TimeSpan.FromMicroseconds(100), Packets, id => TestPackets.Make(id, 200));

        var counters = net.Link.AToB.GetCounters();
        TestPackets.AssertRate(counters.Corrupted, Packets, 0.2);
        var flippedBits = net.AtB.Received.Select((r, index) =>
        {
            var original = TestPackets.Make(index, 200);
            return original.Zip(r.Packet).Sum(pair => System.Numerics.BitOperations.PopCount((uint)(pair.First ^ pair.Second)));
        }).ToList();
        Assert.Equal(Packets, flippedBits.Count);
        Assert.All(flippedBits, bits => Assert.InRange(bits, 0, 1));
        Assert.Equal(counters.Corrupted, flippedBits.Count(bits => bits == 1));
    }

    [Fact]
    public void The_loss_rule_loses_exactly_the_packets_it_picks()
    {
        var observer = new TraceObserver();
        var net = new NetworkFixture(PathOptions.Ideal, observer: observer);
        net.Link.AToB.LossRule = packet => TestPackets.Id(packet) == 2;

        net.SendFromAEvery(Ms, 5);

        Assert.Equal([0, 1, 3, 4], net.AtB.Ids);
        Assert.Equal([2], observer.Events.Where(e => e.Fate == PacketFate.Lost).Select(e => e.Id));
    }

    [Fact]
    public void Each_direction_has_its_own_options_and_counters()
    {
        var net = new NetworkFixture(new PathOptions { Latency = 10 * Ms }, new PathOptions { Latency = 30 * Ms, Mtu = 1280 });

        net.SendFromA(TestPackets.Make(1));
        net.LoopB.Post(() => net.Link.B.Send(TestPackets.Make(2)));
        net.Simulation.RunUntilIdle();

        Assert.Equal([(10 * Ms, 1)], net.AtB.Received.Select(r => (r.At, TestPackets.Id(r.Packet))));
        Assert.Equal([(30 * Ms, 2)], net.AtA.Received.Select(r => (r.At, TestPackets.Id(r.Packet))));
        Assert.Equal(1280, net.Link.B.Mtu);
        Assert.Equal((1L, 1L), (net.Link.AToB.GetCounters().Sent, net.Link.BToA.GetCounters().Sent));
    }

    [Fact]
    public void Changing_the_options_applies_to_packets_sent_afterwards()
    {
        var net = new NetworkFixture(new PathOptions { Latency = 10 * Ms });

        net.SendFromA(TestPackets.Make(1));
        net.Link.AToB.Options = new PathOptions { Latency = Ms };
        net.SendFromA(TestPackets.Make(2));
        net.Simulation.RunUntilIdle();

        Assert.Equal([(Ms, 2), (10 * Ms, 1)], net.AtB.Received.Select(r => (r.At, TestPackets.Id(r.Packet))));
    }

    [Fact]
    public void The_observer_reports_sending_and_delivery_with_their_virtual_times()
    {
        var observer = new TraceObserver();
        var net = new NetworkFixture(new PathOptions { Latency = 7 * Ms }, observer: observer);

        net.Simulation.RunFor(3 * Ms);
        net.SendFromA(TestPackets.Make(9, 60));
        net.Simulation.RunUntilIdle();

        Assert.Equal(
            [(PacketEventKind.Sent, 3 * Ms, "a", "b", PacketFate.Delivered, 9), (PacketEventKind.Delivered, 10 * Ms, "a", "b", PacketFate.Delivered, 9)],
            observer.Events.Select(e => (e.Kind, e.Time, e.From, e.To, e.Fate, e.Id)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_trace_and_another_seed_a_different_one()
    {
        static List<TraceObserver.Entry> Trace(int seed)
        {
            var observer = new TraceObserver();
            var faults = new FaultOptions { LossProbability = 0.05, DuplicationProbability = 0.05, ReorderProbability = 0.05, CorruptionProbability = 0.05 };
            var net = new NetworkFixture(new PathOptions { Latency = 2 * Ms, BitsPerSecond = 100_000_000, Faults = faults }, seed: seed, observer: observer);
            net.SendFromAEvery(TimeSpan.FromMicroseconds(50), 2_000, id => TestPackets.Make(id, 64 + (id % 1400)));
            return observer.Events;
        }

        var first = Trace(11);
        Assert.Equal(first, Trace(11));
        Assert.NotEqual(first, Trace(12));
    }

    [Fact]
    public void Packets_for_an_endpoint_that_is_not_attached_are_dropped_and_counted()
    {
        var simulation = new SynAck.Runtime.Simulation();
        var network = new InMemoryNetwork(simulation);
        var link = network.Connect("a", "b");
        var loop = simulation.CreateLoop("a");
        link.A.Attach(new PacketRecorder(loop), loop);

        loop.Post(() => link.A.Send(TestPackets.Make(1)));
        simulation.RunUntilIdle();

        Assert.Equal(1, link.AToB.GetCounters().DroppedNoReceiver);
    }

    [Fact]
    public async Task Sending_needs_an_attached_live_endpoint_and_an_endpoint_attaches_once()
    {
        var simulation = new SynAck.Runtime.Simulation();
        var network = new InMemoryNetwork(simulation);
        var link = network.Connect("a", "b");
        var loop = simulation.CreateLoop("a");

        Assert.Throws<InvalidOperationException>(() => link.A.Send(TestPackets.Make(1)));
        link.A.Attach(new PacketRecorder(loop), loop);
        Assert.Throws<InvalidOperationException>(() => link.A.Attach(new PacketRecorder(loop), loop));
        await link.A.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => link.A.Send(TestPackets.Make(1)));
    }

    [Fact]
    public void Invalid_options_are_refused_when_set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PathOptions { Mtu = 67 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PathOptions { Latency = -Ms });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PathOptions { QueueLimit = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultOptions { LossProbability = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultOptions { CorruptionProbability = -0.1 });
    }
}
