using SynAck.InMemory;
using SynAck.Links;
using SynAck.Runtime;
using SynAck.Tests.InMemory;
using SynAck.Wire.Capture;

namespace SynAck.Tests.Links;

public class PcapTapLinkTests
{
    [Fact]
    public void Packets_in_both_directions_are_written_in_order_with_their_virtual_times()
    {
        var simulation = new Simulation();
        var network = new InMemoryNetwork(simulation);
        var link = network.Connect("stack", "peer", new PathOptions { Latency = TimeSpan.FromMilliseconds(3) });
        var stackLoop = simulation.CreateLoop("stack");
        var peerLoop = simulation.CreateLoop("peer");
        using var file = new MemoryStream();
        var tap = new PcapTapLink(link.A, new PcapWriter(file, leaveOpen: true));
        var atStack = new PacketRecorder(stackLoop);
        var atPeer = new PacketRecorder(peerLoop);
        tap.Attach(atStack, stackLoop);
        link.B.Attach(atPeer, peerLoop);

        stackLoop.Post(() => tap.Send(TestPackets.Make(1, 60)));
        simulation.RunFor(TimeSpan.FromMilliseconds(1));
        peerLoop.Post(() => link.B.Send(TestPackets.Make(2, 1500)));
        simulation.RunUntilIdle();
        simulation.Run(async () => await tap.DisposeAsync());

        Assert.Equal([1], atPeer.Ids);
        Assert.Equal([2], atStack.Ids);
        Assert.Equal(2, tap.PacketsWritten);
        file.Position = 0;
        using var reader = CaptureReader.Open(file);
        var packets = new List<(TimeSpan At, int Id, int Length, LinkType Type)>();
        while (reader.TryReadNext(out var packet, out _))
        {
            packets.Add((packet.Timestamp - simulation.Time.Start, TestPackets.Id(packet.Data.Span), packet.CapturedLength, packet.LinkType));
        }

        Assert.Equal(
            [(TimeSpan.Zero, 1, 60, LinkType.Raw), (TimeSpan.FromMilliseconds(4), 2, 1500, LinkType.Raw)],
            packets);
    }

    [Fact]
    public void A_packet_the_wrapped_link_drops_is_still_captured_as_sent()
    {
        var simulation = new Simulation();
        var network = new InMemoryNetwork(simulation);
        var link = network.Connect("stack", "peer", new PathOptions { Mtu = 576 });
        var loop = simulation.CreateLoop("stack");
        using var file = new MemoryStream();
        var tap = new PcapTapLink(link.A, new PcapWriter(file, leaveOpen: true));
        tap.Attach(new PacketRecorder(loop), loop);

        loop.Post(() => tap.Send(TestPackets.Make(1, 1000)));
        simulation.RunUntilIdle();

        Assert.Equal(1, tap.PacketsWritten);
        Assert.Equal(1, link.AToB.GetCounters().DroppedTooBig);
        Assert.Equal((576, "stack"), (tap.Mtu, tap.Name));
    }
}
