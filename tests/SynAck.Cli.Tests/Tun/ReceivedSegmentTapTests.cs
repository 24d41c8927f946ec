using SynAck.Cli.Tun;
using SynAck.Diagnostics;
using SynAck.InMemory;
using SynAck.Links;
using SynAck.Runtime;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Cli.Tests.Tun;

public class ReceivedSegmentTapTests
{
    private static readonly IpAddress Kernel = IpAddress.Parse("192.0.2.1");
    private static readonly IpAddress SynAck = IpAddress.Parse("192.0.2.2");

    [Fact]
    public void A_received_tcp_segment_is_traced_from_the_peer_to_the_stack_then_delivered()
    {
        var (simulation, peerLoop, peer, log, delivered) = Setup();
        var syn = Segment(new TcpHeader
        {
            SourcePort = 40000,
            DestinationPort = 80,
            SequenceNumber = 1000,
            Flags = TcpFlags.Syn,
            Window = 64240,
            Options = new TcpOptions { MaximumSegmentSize = 1460, WindowScale = 7 },
        }, payloadLength: 0);
        var data = Segment(new TcpHeader
        {
            SourcePort = 40000,
            DestinationPort = 80,
            SequenceNumber = 1001,
            AcknowledgmentNumber = 5001,
            Flags = TcpFlags.Ack | TcpFlags.Psh,
            Window = 502,
        }, payloadLength: 300);

        peerLoop.Post(() =>
        {
            peer.Send(syn);
            peer.Send(data);
        });
        simulation.RunUntilIdle();

        Assert.Equal(2, delivered.Count);
        var segments = log.Select(e => e.Segment).ToList();
        var expectedSyn = new SegmentTrace(
            segments[0].Time, "192.0.2.1:40000", "synack", new IpEndpoint(Kernel, 40000), new IpEndpoint(SynAck, 80),
            TcpFlags.Syn, 1000, 0, 0, 64240, "mss 1460,nop,wscale 7");
        Assert.Equal(expectedSyn, segments[0]);
        Assert.Equal((TcpFlags.Ack | TcpFlags.Psh, (SequenceNumber)1001, (SequenceNumber)5001, 300, (ushort)502, ""), (segments[1].Flags, segments[1].SequenceNumber, segments[1].AcknowledgmentNumber, segments[1].Length, segments[1].Window, segments[1].Options));
    }

    [Fact]
    public void A_packet_that_is_not_a_whole_tcp_segment_is_delivered_without_a_trace()
    {
        var (simulation, peerLoop, peer, log, delivered) = Setup();
        var udp = new byte[28];
        new Ipv4Header { TotalLength = 28, TimeToLive = 64, Protocol = IpProtocol.Udp, Source = Kernel, Destination = SynAck }.TryWriteBytes(udp, out _);
        var truncated = Segment(new TcpHeader { SourcePort = 1, DestinationPort = 2, Flags = TcpFlags.Syn }, 0)[..30];

        peerLoop.Post(() =>
        {
            peer.Send(udp);
            peer.Send(truncated);
            peer.Send([0x45, 0x00]);
        });
        simulation.RunUntilIdle();

        Assert.Equal(3, delivered.Count);
        Assert.Empty(log);
    }

    private static (Simulation Simulation, EventLoop PeerLoop, InMemoryLink Peer, TraceLog Log, List<byte[]> Delivered) Setup()
    {
        var simulation = new Simulation();
        var network = new InMemoryNetwork(simulation);
        var link = network.Connect("synack", "kernel");
        var stackLoop = simulation.CreateLoop("synack");
        var peerLoop = simulation.CreateLoop("kernel");
        var log = new TraceLog();
        var tap = new ReceivedSegmentTap(link.A, log, "synack");
        var delivered = new List<byte[]>();
        tap.Attach(new Collect(delivered), stackLoop);
        link.B.Attach(new Collect([]), peerLoop);
        return (simulation, peerLoop, link.B, log, delivered);
    }

    private static byte[] Segment(TcpHeader header, int payloadLength)
    {
        var tcpLength = header.GetEncodedLength() + payloadLength;
        var packet = new byte[Ipv4Header.Length + tcpLength];
        new Ipv4Header { TotalLength = (ushort)packet.Length, TimeToLive = 64, Protocol = IpProtocol.Tcp, Source = Kernel, Destination = SynAck }.TryWriteBytes(packet, out _);
        header.TryWriteBytes(packet.AsSpan(Ipv4Header.Length), out _);
        return packet;
    }

    private sealed class Collect(List<byte[]> packets) : ILinkReceiver
    {
        public void OnPacketReceived(ReadOnlySpan<byte> ipPacket) => packets.Add(ipPacket.ToArray());
    }
}
