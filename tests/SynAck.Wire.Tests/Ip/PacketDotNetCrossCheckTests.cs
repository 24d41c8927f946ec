using CsCheck;
using PacketDotNet;
using PacketDotNet.Utils;
using SynAck.Wire.Ip;

namespace SynAck.Wire.Tests.Ip;

/// <summary>
/// PacketDotNet, an independent decoder, reads the headers SynAck writes, and SynAck reads the
/// packets PacketDotNet builds, over randomised fields.
/// </summary>
public class PacketDotNetCrossCheckTests
{
    // PacketDotNet decodes the payload by protocol; upper-layer numbers that are not IPv6
    // extension headers keep its extension-header parser out of the comparison.
    private static readonly Gen<IpProtocol> UpperLayer = Gen.OneOf(
        IpProtocol.Tcp, IpProtocol.Udp, IpProtocol.Icmp, IpProtocol.IcmpV6, IpProtocol.Gre, IpProtocol.Sctp,
        IpProtocol.NoNextHeader, (IpProtocol)99, (IpProtocol)200);

    private static readonly Gen<IpAddress> Ipv4Address = Gen.UInt.Select(IpAddress.FromIPv4);

    private static readonly Gen<IpAddress> Ipv6Address = Gen.Select(Gen.ULong, Gen.ULong, IpAddress.FromIPv6);

    private static readonly Gen<(Ipv4Header Header, byte[] Payload)> Ipv4Headers =
        from dscp in Gen.Byte[0, 63]
        from ecn in Gen.Byte[0, 3]
        from identification in Gen.UShort
        from dontFragment in Gen.Bool
        from moreFragments in Gen.Bool
        from offset in Gen.OneOf(Gen.Const((ushort)0), Gen.UShort[0, 0x1FFF])
        from ttl in Gen.Byte
        from protocol in UpperLayer
        from source in Ipv4Address
        from destination in Ipv4Address
        from payload in Gen.Byte.Array[0, 64]
        select (new Ipv4Header
        {
            Dscp = dscp,
            Ecn = (EcnCodepoint)ecn,
            TotalLength = (ushort)(20 + payload.Length),
            Identification = identification,
            DontFragment = dontFragment,
            MoreFragments = moreFragments,
            FragmentOffset = offset,
            TimeToLive = ttl,
            Protocol = protocol,
            Source = source,
            Destination = destination,
        }, payload);

    private static readonly Gen<(Ipv6Header Header, byte[] Payload)> Ipv6Headers =
        from dscp in Gen.Byte[0, 63]
        from ecn in Gen.Byte[0, 3]
        from flowLabel in Gen.UInt[0, 0xFFFFF]
        from nextHeader in UpperLayer
        from hopLimit in Gen.Byte
        from source in Ipv6Address
        from destination in Ipv6Address
        from payload in Gen.Byte.Array[0, 64]
        select (new Ipv6Header
        {
            Dscp = dscp,
            Ecn = (EcnCodepoint)ecn,
            FlowLabel = flowLabel,
            PayloadLength = (ushort)payload.Length,
            NextHeader = nextHeader,
            HopLimit = hopLimit,
            Source = source,
            Destination = destination,
        }, payload);

    [Fact]
    public void PacketDotNet_reads_the_IPv4_headers_SynAck_writes()
    {
        Ipv4Headers.ForAll(seed: 4, iterations: 2000, c =>
        {
            var packet = new byte[c.Header.TotalLength];
            Assert.True(c.Header.TryWriteBytes(packet, out _));
            c.Payload.CopyTo(packet, 20);

            var theirs = new IPv4Packet(new ByteArraySegment(packet));

            Assert.Equal(IPVersion.IPv4, theirs.Version);
            Assert.Equal(5, theirs.HeaderLength); // in 32-bit words
            Assert.Equal(c.Header.TotalLength, theirs.TotalLength);
            Assert.Equal((c.Header.Dscp << 2) | (int)c.Header.Ecn, theirs.TypeOfService);
            Assert.Equal(c.Header.Identification, theirs.Id);
            Assert.Equal((c.Header.DontFragment ? 2 : 0) | (c.Header.MoreFragments ? 1 : 0), theirs.FragmentFlags);
            Assert.Equal(c.Header.FragmentOffset, theirs.FragmentOffset);
            Assert.Equal(c.Header.TimeToLive, theirs.TimeToLive);
            Assert.Equal((int)c.Header.Protocol, (int)theirs.Protocol);
            Assert.Equal(c.Header.Source.ToIPAddress(), theirs.SourceAddress);
            Assert.Equal(c.Header.Destination.ToIPAddress(), theirs.DestinationAddress);
            Assert.True(theirs.ValidIPChecksum);
        });
    }

    [Fact]
    public void SynAck_reads_the_IPv4_packets_PacketDotNet_builds()
    {
        Ipv4Headers.ForAll(seed: 5, iterations: 2000, c =>
        {
            var theirs = new IPv4Packet(c.Header.Source.ToIPAddress(), c.Header.Destination.ToIPAddress())
            {
                TypeOfService = (c.Header.Dscp << 2) | (int)c.Header.Ecn,
                Id = c.Header.Identification,
                FragmentFlags = (c.Header.DontFragment ? 2 : 0) | (c.Header.MoreFragments ? 1 : 0),
                FragmentOffset = c.Header.FragmentOffset,
                TimeToLive = c.Header.TimeToLive,
                Protocol = (ProtocolType)c.Header.Protocol,
                PayloadData = c.Payload,
            };
            theirs.UpdateCalculatedValues();
            theirs.UpdateIPChecksum();

            Assert.True(Ipv4Header.TryParse(theirs.Bytes, out var ours, out var headerLength, out var error), error.ToString());
            Assert.Equal(20, headerLength);
            Assert.Equal(c.Header, ours with { HeaderChecksum = 0 });
            Assert.Equal(theirs.Checksum, ours.HeaderChecksum);
            Assert.True(Ipv4PacketView.TryCreate(theirs.Bytes, out var view, out _));
            Assert.True(view.IsHeaderChecksumValid);
            Assert.Equal(c.Payload, view.Payload.ToArray());
        });
    }

    [Fact]
    public void PacketDotNet_reads_the_IPv6_headers_SynAck_writes()
    {
        Ipv6Headers.ForAll(seed: 6, iterations: 2000, c =>
        {
            var packet = new byte[40 + c.Payload.Length];
            Assert.True(c.Header.TryWriteBytes(packet, out _));
            c.Payload.CopyTo(packet, 40);

            var theirs = new IPv6Packet(new ByteArraySegment(packet));

            Assert.Equal(IPVersion.IPv6, theirs.Version);
            Assert.Equal(c.Header.TrafficClass, theirs.TrafficClass);
            Assert.Equal((int)c.Header.FlowLabel, theirs.FlowLabel);
            Assert.Equal(c.Header.PayloadLength, theirs.PayloadLength);
            Assert.Equal((int)c.Header.NextHeader, (int)theirs.NextHeader);
            Assert.Equal(c.Header.HopLimit, theirs.HopLimit);
            Assert.Equal(c.Header.Source.ToIPAddress(), theirs.SourceAddress);
            Assert.Equal(c.Header.Destination.ToIPAddress(), theirs.DestinationAddress);
        });
    }

    [Fact]
    public void SynAck_reads_the_IPv6_packets_PacketDotNet_builds()
    {
        Ipv6Headers.ForAll(seed: 7, iterations: 2000, c =>
        {
            var theirs = new IPv6Packet(c.Header.Source.ToIPAddress(), c.Header.Destination.ToIPAddress())
            {
                TrafficClass = c.Header.TrafficClass,
                FlowLabel = (int)c.Header.FlowLabel,
                NextHeader = (ProtocolType)c.Header.NextHeader,
                HopLimit = c.Header.HopLimit,
                PayloadData = c.Payload,
            };
            theirs.PayloadLength = (ushort)c.Payload.Length; // PacketDotNet leaves it 0 for raw payload bytes

            Assert.True(IpPacketView.TryCreate(theirs.Bytes, out var view, out var error), error.ToString());
            Assert.True(Ipv6Header.TryParse(theirs.Bytes, out var ours, out _, out _));
            Assert.Equal(c.Header, ours);
            Assert.Equal(c.Header.NextHeader, view.Protocol);
            Assert.Equal(40, view.HeaderLength);
            Assert.Equal(c.Payload, view.UpperLayerData.ToArray());
        });
    }

    [Fact]
    public void PacketDotNet_and_SynAck_agree_on_kernel_packets()
    {
        foreach (var packet in (byte[][])[Packets.KernelIpv4Syn, Packets.KernelIpv4UdpWithOptions, Packets.KernelIpv4IcmpWithOptions, .. Packets.KernelIpv4Fragments])
        {
            var theirs = new IPv4Packet(new ByteArraySegment(packet));
            Assert.True(IpPacketView.TryCreate(packet, out var ours, out _));

            Assert.Equal(theirs.HeaderLength * 4, ours.HeaderLength);
            Assert.Equal(theirs.FragmentOffset, ours.Fragment.FragmentOffset);
            Assert.Equal(theirs.Id, (int)ours.Fragment.Identification);
            Assert.Equal(theirs.ValidIPChecksum, ours.IsHeaderChecksumValid);
            Assert.Equal(theirs.SourceAddress, ours.Source.ToIPAddress());
            Assert.Equal((int)theirs.Protocol, (int)ours.Protocol);
        }

        foreach (var packet in (byte[][])[Packets.KernelIpv6Syn, Packets.KernelIpv6UdpWithExtensionHeaders])
        {
            var theirs = new IPv6Packet(new ByteArraySegment(packet));
            Assert.True(IpPacketView.TryCreate(packet, out var ours, out _));

            Assert.Equal(theirs.FlowLabel, (int)(((packet[1] & 0x0F) << 16) | (packet[2] << 8) | packet[3]));
            Assert.Equal(theirs.SourceAddress, ours.Source.ToIPAddress());
            Assert.Equal((int)theirs.Protocol, (int)ours.Protocol);
        }
    }
}
