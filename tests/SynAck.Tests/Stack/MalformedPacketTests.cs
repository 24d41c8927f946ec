using System.Net;
using CsCheck;
using SynAck.Runtime;
using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Wire;

namespace SynAck.Tests.Stack;

/// <summary>Untrusted bytes from a link: every bad packet is counted and dropped, and the stack keeps working.</summary>
public sealed class MalformedPacketTests
{
    private const string Peer = "192.0.2.1";
    private const string Us = "192.0.2.2";

    private readonly Simulation _simulation = new();
    private readonly TestLink _link = new();
    private readonly NetworkStack _stack;

    public MalformedPacketTests()
    {
        _stack = new NetworkStack(new NetworkStackOptions { Name = "server", Simulation = _simulation, Seed = 3 });
        _stack.AddInterface(_link, new NetworkInterfaceOptions { Addresses = [InterfaceAddress.Parse("192.0.2.2/24")] });
        _simulation.Run(async () => await TcpConnectionListener.ListenAsync(new TcpListenerOptions
        {
            Stack = _stack,
            ListenEndPoint = new IPEndPoint(IPAddress.Parse(Us), 80),
        }));
    }

    [Fact]
    public void Each_kind_of_bad_packet_is_counted_under_its_MIB_counter_and_dropped()
    {
        var syn = Packets.Tcp(Peer, Us, 40000, 80, TcpFlags.Syn, 1000);
        Inject([]);
        Inject([0x95, 1, 2, 3]);
        Inject(syn[..30]);
        Inject(With(syn, 10, (byte)(syn[10] ^ 0xFF)));
        Inject(With(syn, 36, (byte)(syn[36] ^ 0x01)));
        Inject(Packets.Tcp(Peer, "192.0.2.99", 40000, 80, TcpFlags.Syn, 1000));
        Inject(Fragment(syn));
        Inject(Udp(syn));
        Inject(With(Packets.Tcp(Peer, Us, 40000, 80, TcpFlags.Syn, 1000), 32, 0x40, fixTcpChecksum: true));
        Inject(Packets.Tcp(Peer, Us, 0, 80, TcpFlags.Syn, 1000));

        var statistics = _stack.GetStatistics();
        Assert.Equal(10, statistics.IpInReceives);
        Assert.Equal(4, statistics.IpInHdrErrors);
        Assert.Equal(1, statistics.IpInAddrErrors);
        Assert.Equal(1, statistics.IpReasmReqds);
        Assert.Equal(1, statistics.IpInUnknownProtos);
        Assert.Equal(3, statistics.TcpInErrs);
        Assert.Equal(1, statistics.TcpInCsumErrors);
        Assert.Empty(_link.Sent);

        // The stack still answers a good SYN with SYN+ACK.
        Inject(syn);
        var synAck = Packets.TcpHeaderOf(Assert.Single(_link.Sent));
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(new SequenceNumber(1001), synAck.AcknowledgmentNumber);
    }

    [Fact]
    public void Random_bytes_never_throw_and_are_all_counted()
    {
        var packets = 0;
        Property.ForAll(Gen.Byte.Array[0, 120], 2000, bytes =>
        {
            if (bytes.Length > 0)
            {
                // Mostly IPv4 and IPv6 version nibbles, so the parser gets past the first byte.
                bytes[0] = (byte)((bytes[0] & 0x0F) | ((bytes[0] & 0x10) != 0 ? 0x40 : 0x60));
            }

            Inject(bytes);
            packets++;
        });

        Assert.Equal(packets, _stack.GetStatistics().IpInReceives);
    }

    [Fact]
    public void Segments_for_a_port_nobody_listens_on_get_the_RST_RFC_9293_prescribes()
    {
        // No ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
        Inject(Packets.Tcp(Peer, Us, 40000, 81, TcpFlags.Syn, 1000));
        var first = Packets.TcpHeaderOf(_link.Sent[^1]);
        Assert.Equal((TcpFlags.Rst | TcpFlags.Ack, 0u, 1001u, (ushort)81, (ushort)40000), (first.Flags, first.SequenceNumber.Value, first.AcknowledgmentNumber.Value, first.SourcePort, first.DestinationPort));

        // With ACK: <SEQ=SEG.ACK><CTL=RST>; the same for a stray ACK to a listener (LISTEN, second check).
        Inject(Packets.Tcp(Peer, Us, 40000, 81, TcpFlags.Ack | TcpFlags.Psh, 1000, 777, payload: [1, 2, 3]));
        var second = Packets.TcpHeaderOf(_link.Sent[^1]);
        Assert.Equal((TcpFlags.Rst, 777u), (second.Flags, second.SequenceNumber.Value));
        Inject(Packets.Tcp(Peer, Us, 40000, 80, TcpFlags.Ack, 1000, 555));
        Assert.Equal((TcpFlags.Rst, 555u), (Packets.TcpHeaderOf(_link.Sent[^1]).Flags, Packets.TcpHeaderOf(_link.Sent[^1]).SequenceNumber.Value));

        // A RST is never answered.
        var sent = _link.Sent.Count;
        Inject(Packets.Tcp(Peer, Us, 40000, 81, TcpFlags.Rst, 1000));
        Assert.Equal(sent, _link.Sent.Count);
        Assert.Equal(3, _stack.GetStatistics().TcpOutRsts);
    }

    private void Inject(byte[] packet)
    {
        _link.Inject(packet);
        _simulation.RunFor(TimeSpan.FromMilliseconds(1));
    }

    private static byte[] With(byte[] packet, int index, byte value, bool fixTcpChecksum = false)
    {
        var copy = (byte[])packet.Clone();
        copy[index] = value;
        if (fixTcpChecksum)
        {
            var tcp = copy.AsSpan(20);
            var pseudo = Wire.Checksums.InternetChecksum.PseudoHeaderIPv4(copy.AsSpan(12, 4), copy.AsSpan(16, 4), 6, (ushort)tcp.Length);
            Wire.Tcp.TcpChecksum.Write(pseudo, tcp);
        }

        return copy;
    }

    /// <summary>The packet as the first of several fragments (MF set), header checksum fixed: held for reassembly.</summary>
    private static byte[] Fragment(byte[] packet)
    {
        var copy = (byte[])packet.Clone();
        copy[6] |= 0x20;
        FixHeaderChecksum(copy);
        return copy;
    }

    /// <summary>The packet relabelled as UDP (protocol 17), header checksum fixed.</summary>
    private static byte[] Udp(byte[] packet)
    {
        var copy = (byte[])packet.Clone();
        copy[9] = 17;
        FixHeaderChecksum(copy);
        return copy;
    }

    private static void FixHeaderChecksum(byte[] packet)
    {
        packet[10] = 0;
        packet[11] = 0;
        var checksum = Wire.Checksums.InternetChecksum.Compute(packet.AsSpan(0, 20));
        packet[10] = (byte)(checksum >> 8);
        packet[11] = (byte)checksum;
    }
}
