using System.Net.Sockets;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;

namespace SynAck.Wire.Tests.Ip;

public class IpPacketViewTests
{
    [Fact]
    public void Reads_a_kernel_IPv4_SYN()
    {
        Assert.True(IpPacketView.TryCreate(Packets.KernelIpv4Syn, out var view, out var error));

        Assert.Equal(IpPacketParseError.None, error);
        Assert.True(view.IsIPv4);
        Assert.Equal(4, view.Version);
        Assert.Equal(AddressFamily.InterNetwork, view.AddressFamily);
        Assert.Equal(IpAddress.Loopback, view.Source);
        Assert.Equal(IpAddress.Loopback, view.Destination);
        Assert.Equal(IpProtocol.Tcp, view.Protocol);
        Assert.Equal(64, view.HopLimit);
        Assert.Equal(EcnCodepoint.NotEct, view.Ecn);
        Assert.False(view.IsFragment);
        Assert.Equal(new IpFragmentInfo(53811, 0, false), view.Fragment);
        Assert.Equal(20, view.HeaderLength);
        Assert.Equal(Packets.KernelIpv4Syn[20..], view.UpperLayerData.ToArray());
        Assert.True(view.IsHeaderChecksumValid);
        Assert.Equal(0x65E2, TcpChecksum(view)); // as tcpdump computed it
    }

    [Fact]
    public void Reads_a_kernel_IPv6_SYN()
    {
        Assert.True(IpPacketView.TryCreate(Packets.KernelIpv6Syn, out var view, out _));

        Assert.True(view.IsIPv6);
        Assert.Equal(6, view.Version);
        Assert.Equal(AddressFamily.InterNetworkV6, view.AddressFamily);
        Assert.Equal(IpAddress.IPv6Loopback, view.Source);
        Assert.Equal(IpProtocol.Tcp, view.Protocol);
        Assert.Equal(64, view.HopLimit);
        Assert.Equal(40, view.HeaderLength);
        Assert.Equal(Packets.KernelIpv6Syn[40..], view.UpperLayerData.ToArray());
        Assert.True(view.IsHeaderChecksumValid);
        Assert.Equal(0x8005, TcpChecksum(view)); // as tcpdump computed it
    }

    [Fact]
    public void Reads_the_upper_layer_past_IPv4_options_and_IPv6_extension_headers()
    {
        Assert.True(IpPacketView.TryCreate(Packets.KernelIpv4UdpWithOptions, out var v4, out _));
        Assert.Equal(IpProtocol.Udp, v4.Protocol);
        Assert.Equal(32, v4.HeaderLength);
        Assert.Equal(15, v4.UpperLayerData.Length);

        Assert.True(IpPacketView.TryCreate(Packets.HandBuiltIpv6Chain, out var v6, out _));
        Assert.Equal(IpProtocol.Tcp, v6.Protocol);
        Assert.Equal(104, v6.HeaderLength);
        Assert.Equal(Packets.HandBuiltIpv6Chain[104..], v6.UpperLayerData.ToArray());
        Assert.Equal(0xBB, v6.TrafficClass);
        Assert.Equal(46, v6.Dscp);
        Assert.Equal(EcnCodepoint.Ce, v6.Ecn);
        Assert.Equal(255, v6.HopLimit);
        Assert.Equal(IpAddress.Parse("2001:db8::2"), v6.Destination);
    }

    [Fact]
    public void Verifies_the_UDP_checksum_of_a_kernel_packet_with_extension_headers()
    {
        Assert.True(IpPacketView.TryCreate(Packets.KernelIpv6UdpWithExtensionHeaders, out var view, out _));

        Assert.Equal(IpProtocol.Udp, view.Protocol);
        Assert.True(InternetChecksum.IsValid(InternetChecksum.Accumulate(view.PseudoHeaderSum(), view.UpperLayerData)));
    }

    [Fact]
    public void Marks_fragments_of_both_versions()
    {
        foreach (var fragment in (byte[][])[.. Packets.KernelIpv4Fragments, .. Packets.KernelIpv6Fragments])
        {
            Assert.True(IpPacketView.TryCreate(fragment, out var view, out _));
            Assert.True(view.IsFragment);
            Assert.Equal(IpProtocol.Udp, view.Protocol);
        }

        Assert.True(IpPacketView.TryCreate(Packets.KernelIpv6Fragments[1], out var middle, out _));
        Assert.Equal(new IpFragmentInfo(0xB2468AF7, 153, true), middle.Fragment);
        Assert.Equal(1224, middle.UpperLayerData.Length);
    }

    [Fact]
    public void An_IPv4_header_with_a_bad_checksum_is_viewed_but_flagged()
    {
        var packet = Packets.KernelIpv4Syn;
        packet[15] ^= 1;

        Assert.True(IpPacketView.TryCreate(packet, out var view, out _));
        Assert.False(view.IsHeaderChecksumValid);
    }

    [Fact]
    public void No_bytes_are_empty()
    {
        Assert.False(IpPacketView.TryCreate([], out _, out var error));
        Assert.Equal(IpPacketParseError.Empty, error);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x50)]
    [InlineData(0x75)]
    [InlineData(0xF0)]
    public void A_version_nibble_other_than_4_or_6_is_unknown(byte first)
    {
        var packet = Packets.KernelIpv4Syn;
        packet[0] = first;

        Assert.False(IpPacketView.TryCreate(packet, out _, out var error));
        Assert.Equal(IpPacketParseError.UnknownVersion, error);
    }

    public static TheoryData<byte[], IpPacketParseError> Malformed => new()
    {
        { Packets.KernelIpv4Syn[..19], IpPacketParseError.TooShort },
        { [0x44, .. Packets.KernelIpv4Syn[1..]], IpPacketParseError.HeaderLengthTooSmall },
        { [0x4F, .. Packets.KernelIpv4Syn[1..56]], IpPacketParseError.HeaderTruncated },
        { [0x45, 0, 0, 19, .. Packets.KernelIpv4Syn[4..]], IpPacketParseError.TotalLengthTooSmall },
        { Packets.KernelIpv4Syn[..59], IpPacketParseError.PacketTruncated },
        { Packets.KernelIpv6Syn[..39], IpPacketParseError.TooShort },
        { Packets.KernelIpv6Syn[..79], IpPacketParseError.PacketTruncated },
        { Ipv6PacketViewTests.Ipv6Packet(IpProtocol.HopByHop, []), IpPacketParseError.Jumbogram },
        { Ipv6PacketViewTests.Ipv6Packet(IpProtocol.Routing, [6]), IpPacketParseError.ExtensionHeaderTruncated },
        { Ipv6PacketViewTests.Ipv6Packet(IpProtocol.Routing, [0, 0, 0, 0, 0, 0, 0, 0]), IpPacketParseError.HopByHopNotFirst },
        { Ipv6PacketViewTests.Ipv6Packet(IpProtocol.Routing, [.. Enumerable.Repeat<byte[]>([43, 0, 0, 0, 0, 0, 0, 0], 17).SelectMany(h => h)]), IpPacketParseError.TooManyExtensionHeaders },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Each_version_specific_failure_has_its_own_reason(byte[] packet, IpPacketParseError expected)
    {
        Assert.False(IpPacketView.TryCreate(packet, out var view, out var error));
        Assert.Equal(expected, error);
        Assert.True(view.Packet.IsEmpty);
    }

    private static ushort TcpChecksum(IpPacketView view)
    {
        // Loopback leaves the TCP checksum to an offload, so compute it with the field zeroed.
        var segment = view.UpperLayerData.ToArray();
        segment[16] = 0;
        segment[17] = 0;
        return InternetChecksum.Finish(InternetChecksum.Accumulate(view.PseudoHeaderSum(), segment));
    }
}
