using CsCheck;
using SynAck.Wire.Capture;

namespace SynAck.Wire.Tests.Capture;

public class LinkLayerTests
{
    private static readonly byte[] Ipv4 = [0x45, 0x00, 0x00, 0x14, 0xAB];
    private static readonly byte[] Ipv6 = [0x60, 0x09, 0x76, 0x2A, 0x00];
    private static readonly byte[] Macs = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [Fact]
    public void Ethernet_as_tcpdump_writes_loopback_carries_ipv4_after_14_bytes()
    {
        byte[] frame = [.. Macs, 0x08, 0x00, .. Ipv4];
        AssertPayload(LinkType.Ethernet, frame, NetworkProtocol.Ipv4, 0x0800, 14);
    }

    [Fact]
    public void Ethernet_carries_ipv6_after_14_bytes()
    {
        byte[] frame = [.. Macs, 0x86, 0xDD, .. Ipv6];
        AssertPayload(LinkType.Ethernet, frame, NetworkProtocol.Ipv6, 0x86DD, 14);
    }

    [Fact]
    public void An_802_1Q_tag_is_stepped_over()
    {
        byte[] frame = [.. Macs, 0x81, 0x00, 0x20, 0x64, 0x08, 0x00, .. Ipv4]; // VLAN 100, priority 1
        AssertPayload(LinkType.Ethernet, frame, NetworkProtocol.Ipv4, 0x0800, 18);
    }

    [Fact]
    public void QinQ_tags_are_stepped_over()
    {
        byte[] frame = [.. Macs, 0x88, 0xA8, 0x00, 0x0A, 0x81, 0x00, 0x00, 0x14, 0x86, 0xDD, .. Ipv6];
        AssertPayload(LinkType.Ethernet, frame, NetworkProtocol.Ipv6, 0x86DD, 22);

        byte[] legacy = [.. Macs, 0x91, 0x00, 0x00, 0x0A, 0x81, 0x00, 0x00, 0x14, 0x08, 0x00, .. Ipv4];
        AssertPayload(LinkType.Ethernet, legacy, NetworkProtocol.Ipv4, 0x0800, 22);
    }

    [Fact]
    public void Four_vlan_tags_are_accepted_and_a_fifth_is_too_many()
    {
        byte[] tag = [0x81, 0x00, 0x00, 0x01];
        byte[] four = [.. Macs, .. tag, .. tag, .. tag, .. tag, 0x08, 0x00, .. Ipv4];
        AssertPayload(LinkType.Ethernet, four, NetworkProtocol.Ipv4, 0x0800, 30);

        byte[] five = [.. Macs, .. tag, .. tag, .. tag, .. tag, .. tag, 0x08, 0x00, .. Ipv4];
        AssertFailure(LinkType.Ethernet, five, LinkLayerError.TooManyVlanTags);
    }

    [Fact]
    public void A_vlan_tag_cut_short_is_truncated()
        => AssertFailure(LinkType.Ethernet, [.. Macs, 0x81, 0x00, 0x00, 0x01, 0x08], LinkLayerError.Truncated);

    [Fact]
    public void A_non_ip_ethertype_is_reported_as_other()
    {
        byte[] arp = [.. Macs, 0x08, 0x06, 0x00, 0x01];
        AssertPayload(LinkType.Ethernet, arp, NetworkProtocol.Other, 0x0806, 14);
    }

    [Fact]
    public void An_802_3_length_field_is_not_ethernet_ii()
        => AssertFailure(LinkType.Ethernet, [.. Macs, 0x00, 0x40, 0xAA, 0xAA, 0x03], LinkLayerError.NotEthernetII);

    [Fact]
    public void Linux_cooked_v1_as_tcpdump_any_writes_it_carries_ipv4_after_16_bytes()
    {
        // From http-download-any-sll.pcap: to us (0), ARPHRD_LOOPBACK (772), 6-byte address, IPv4.
        byte[] frame = [0x00, 0x00, 0x03, 0x04, 0x00, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00, .. Ipv4];
        AssertPayload(LinkType.LinuxSll, frame, NetworkProtocol.Ipv4, 0x0800, 16);
    }

    [Fact]
    public void Linux_cooked_v2_as_tcpdump_any_writes_it_carries_ipv6_after_20_bytes()
    {
        // Protocol, reserved, interface index 1, ARPHRD_LOOPBACK, to us, 6-byte address.
        byte[] frame = [0x86, 0xDD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x04, 0x00, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, .. Ipv6];
        AssertPayload(LinkType.LinuxSll2, frame, NetworkProtocol.Ipv6, 0x86DD, 20);
    }

    [Fact]
    public void Linux_cooked_headers_may_carry_a_vlan_tag()
    {
        byte[] frame = [0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 1, 2, 3, 4, 5, 6, 0, 0, 0x81, 0x00, 0x00, 0x05, 0x08, 0x00, .. Ipv4];
        AssertPayload(LinkType.LinuxSll, frame, NetworkProtocol.Ipv4, 0x0800, 20);
    }

    [Theory]
    [InlineData(LinkType.Raw)]
    [InlineData(LinkType.Ipv4)]
    public void Raw_ip_and_the_ipv4_link_type_carry_the_packet_itself(LinkType linkType)
        => AssertPayload(linkType, Ipv4, NetworkProtocol.Ipv4, 0x0800, 0);

    [Theory]
    [InlineData(LinkType.Raw)]
    [InlineData(LinkType.Ipv6)]
    public void Raw_ip_and_the_ipv6_link_type_carry_an_ipv6_packet_itself(LinkType linkType)
        => AssertPayload(linkType, Ipv6, NetworkProtocol.Ipv6, 0x86DD, 0);

    [Fact]
    public void Raw_ip_with_a_version_other_than_4_or_6_is_an_error()
        => AssertFailure(LinkType.Raw, [0x55, 0x00], LinkLayerError.UnknownIpVersion);

    [Theory]
    [InlineData(new byte[] { 0x02, 0x00, 0x00, 0x00 }, NetworkProtocol.Ipv4)] // AF_INET written little-endian
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x02 }, NetworkProtocol.Ipv4)] // AF_INET written big-endian
    [InlineData(new byte[] { 0x0A, 0x00, 0x00, 0x00 }, NetworkProtocol.Ipv6)] // Linux AF_INET6
    [InlineData(new byte[] { 0x18, 0x00, 0x00, 0x00 }, NetworkProtocol.Ipv6)] // NetBSD/OpenBSD
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x1C }, NetworkProtocol.Ipv6)] // FreeBSD
    [InlineData(new byte[] { 0x1E, 0x00, 0x00, 0x00 }, NetworkProtocol.Ipv6)] // Darwin
    public void Bsd_loopback_reads_the_address_family_in_either_byte_order(byte[] header, NetworkProtocol protocol)
    {
        byte[] frame = [.. header, .. Ipv4];
        Assert.True(LinkLayer.TryDecapsulate(LinkType.Null, frame, out var payload, out _));
        Assert.Equal(protocol, payload.Protocol);
        Assert.Equal(4, payload.HeaderLength);
        Assert.Equal(Ipv4, payload.Packet.ToArray());
    }

    [Fact]
    public void OpenBSD_loop_reads_the_family_in_network_byte_order_only()
    {
        AssertPayload(LinkType.Loop, [0x00, 0x00, 0x00, 0x02, .. Ipv4], NetworkProtocol.Ipv4, 0x0800, 4);
        AssertFailure(LinkType.Loop, [0x02, 0x00, 0x00, 0x00, .. Ipv4], LinkLayerError.UnknownAddressFamily);
    }

    [Fact]
    public void An_unknown_address_family_is_an_error()
        => AssertFailure(LinkType.Null, [0x07, 0x00, 0x00, 0x00, .. Ipv4], LinkLayerError.UnknownAddressFamily);

    [Fact]
    public void A_link_type_without_a_decoder_is_unsupported()
        => AssertFailure((LinkType)147, Ipv4, LinkLayerError.UnsupportedLinkType);

    [Theory]
    [InlineData(LinkType.Ethernet, 14)]
    [InlineData(LinkType.LinuxSll, 16)]
    [InlineData(LinkType.LinuxSll2, 20)]
    [InlineData(LinkType.Null, 4)]
    [InlineData(LinkType.Raw, 1)]
    [InlineData(LinkType.Ipv4, 1)]
    [InlineData(LinkType.Ipv6, 1)]
    public void Every_frame_shorter_than_its_link_header_is_truncated(LinkType linkType, int headerLength)
    {
        for (var length = 0; length < headerLength; length++)
        {
            AssertFailure(linkType, new byte[length], LinkLayerError.Truncated);
        }
    }

    [Fact]
    public void Any_bytes_under_any_link_type_give_a_payload_that_ends_the_frame_or_a_reason()
    {
        LinkType[] types = [LinkType.Null, LinkType.Ethernet, LinkType.Raw, LinkType.Loop, LinkType.LinuxSll, LinkType.Ipv4, LinkType.Ipv6, LinkType.LinuxSll2, (LinkType)9];
        byte[][] seeds = [[.. Macs, 0x81, 0x00], [.. Macs, 0x88, 0xA8], [0x81, 0x00], []];
        Gen.Select(Gen.Int[0, types.Length - 1], Gen.Int[0, seeds.Length - 1], Gen.Byte.Array[0, 40]).ForAll(seed: 0x11AC, iterations: 3000, c =>
        {
            var (type, seed, tail) = c;
            byte[] frame = [.. seeds[seed], .. tail];
            if (LinkLayer.TryDecapsulate(types[type], frame, out var payload, out var error))
            {
                Assert.Equal(LinkLayerError.None, error);
                Assert.Equal(frame.Length, payload.HeaderLength + payload.Packet.Length);
                Assert.True(frame.AsSpan(payload.HeaderLength).SequenceEqual(payload.Packet));
            }
            else
            {
                Assert.NotEqual(LinkLayerError.None, error);
            }
        });
    }

    private static void AssertPayload(LinkType linkType, byte[] frame, NetworkProtocol protocol, ushort etherType, int headerLength)
    {
        Assert.True(LinkLayer.TryDecapsulate(linkType, frame, out var payload, out var error));
        Assert.Equal(LinkLayerError.None, error);
        Assert.Equal(protocol, payload.Protocol);
        Assert.Equal(etherType, payload.EtherType);
        Assert.Equal(headerLength, payload.HeaderLength);
        Assert.Equal(frame[headerLength..], payload.Packet.ToArray());
    }

    private static void AssertFailure(LinkType linkType, byte[] frame, LinkLayerError expected)
    {
        Assert.False(LinkLayer.TryDecapsulate(linkType, frame, out _, out var error));
        Assert.Equal(expected, error);
    }
}
