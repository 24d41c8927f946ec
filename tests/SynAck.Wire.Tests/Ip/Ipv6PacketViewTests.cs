using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;

namespace SynAck.Wire.Tests.Ip;

public class Ipv6PacketViewTests
{
    [Fact]
    public void Reads_every_field_of_a_kernel_SYN()
    {
        Assert.True(Ipv6PacketView.TryCreate(Packets.KernelIpv6Syn, out var view, out var error));

        Assert.Equal(Ipv6ParseError.None, error);
        Assert.Equal(0, view.TrafficClass);
        Assert.Equal(EcnCodepoint.NotEct, view.Ecn);
        Assert.Equal(0xE7069u, view.FlowLabel);
        Assert.Equal(40, view.PayloadLength);
        Assert.Equal(IpProtocol.Tcp, view.NextHeader);
        Assert.Equal(64, view.HopLimit);
        Assert.Equal(IpAddress.IPv6Loopback, view.Source);
        Assert.Equal(IpAddress.IPv6Loopback, view.Destination);
        Assert.Equal(16, view.SourceBytes.Length);
        Assert.Equal(40, view.Payload.Length);
        Assert.Equal(40, view.Header.Length);
    }

    [Fact]
    public void A_packet_without_extension_headers_has_its_upper_layer_right_after_the_fixed_header()
    {
        Assert.True(Ipv6PacketView.TryCreate(Packets.KernelIpv6Syn, out var view, out _));

        Assert.True(view.TryWalkExtensionHeaders(out var chain, out var error));
        Assert.Equal(Ipv6ParseError.None, error);
        Assert.Equal(new Ipv6ExtensionChain(IpProtocol.Tcp, 40, 0, false, default), chain);
        Assert.False(chain.IsFragment);
    }

    [Fact]
    public void Pseudo_header_sum_gives_the_TCP_checksum_tcpdump_computed()
    {
        // tcpdump: "cksum 0x0030 (incorrect -> 0x8005)".
        Assert.True(Ipv6PacketView.TryCreate(Packets.KernelIpv6Syn, out var view, out _));
        var segment = view.Payload.ToArray();
        segment[16] = 0;
        segment[17] = 0;

        Assert.Equal(0x8005, InternetChecksum.Finish(InternetChecksum.Accumulate(view.PseudoHeaderSum(IpProtocol.Tcp, segment.Length), segment)));
    }

    [Fact]
    public void Walks_kernel_hop_by_hop_and_destination_options_to_UDP()
    {
        Assert.True(Ipv6PacketView.TryCreate(Packets.KernelIpv6UdpWithExtensionHeaders, out var view, out _));
        Assert.Equal(IpProtocol.HopByHop, view.NextHeader);

        Assert.True(view.TryWalkExtensionHeaders(out var chain, out _));
        Assert.Equal(new Ipv6ExtensionChain(IpProtocol.Udp, 40 + 8 + 16, 2, false, default), chain);
        var udp = view.Packet[chain.UpperLayerOffset..];
        Assert.Equal("extension headers"u8.ToArray(), udp[8..].ToArray());

        // tcpdump: "[udp sum ok]".
        Assert.True(InternetChecksum.IsValid(InternetChecksum.Accumulate(view.PseudoHeaderSum(IpProtocol.Udp, udp.Length), udp)));
    }

    [Fact]
    public void Walks_a_chain_of_hop_by_hop_routing_destination_options_and_AH_to_TCP()
    {
        Assert.True(Ipv6PacketView.TryCreate(Packets.HandBuiltIpv6Chain, out var view, out _));

        Assert.Equal(0xBB, view.TrafficClass);
        Assert.Equal(46, view.Dscp);
        Assert.Equal(EcnCodepoint.Ce, view.Ecn);
        Assert.Equal(0x12345u, view.FlowLabel);
        Assert.Equal(255, view.HopLimit);
        Assert.Equal(IpAddress.Parse("2001:db8::1"), view.Source);
        Assert.Equal(IpAddress.Parse("2001:db8::2"), view.Destination);
        Assert.True(view.TryWalkExtensionHeaders(out var chain, out _));
        Assert.Equal(new Ipv6ExtensionChain(IpProtocol.Tcp, 104, 4, false, default), chain);
        Assert.Equal(20, view.Packet[chain.UpperLayerOffset..].Length);
    }

    [Theory]
    [InlineData(0, 0, true, 56)]
    [InlineData(1, 153, true, 56)]
    [InlineData(2, 306, false, 56)]
    public void Reads_the_fragment_header_of_each_kernel_fragment(int index, int offset, bool more, int upperLayerOffset)
    {
        var packet = Packets.KernelIpv6Fragments[index];
        Assert.True(Ipv6PacketView.TryCreate(packet, out var view, out _));

        Assert.True(view.TryWalkExtensionHeaders(out var chain, out _));
        Assert.Equal(new Ipv6ExtensionChain(IpProtocol.Udp, upperLayerOffset, 2, true, new IpFragmentInfo(0xB2468AF7, (ushort)offset, more)), chain);
        Assert.True(chain.IsFragment);
    }

    [Fact]
    public void A_fragment_with_a_non_zero_offset_ends_the_walk_even_if_its_data_looks_like_a_header()
    {
        // Fragment header (next header: Destination Options, offset 8 units), then 8 bytes of data.
        var packet = Ipv6Packet(IpProtocol.Fragment, [60, 0, 0x00, 0x40, 0, 0, 0, 1, 6, 200, 0, 0, 0, 0, 0, 0]);
        Assert.True(Ipv6PacketView.TryCreate(packet, out var view, out _));

        Assert.True(view.TryWalkExtensionHeaders(out var chain, out _));
        Assert.Equal(IpProtocol.DestinationOptions, chain.UpperLayerProtocol);
        Assert.Equal(48, chain.UpperLayerOffset);
        Assert.Equal(new IpFragmentInfo(1, 8, false), chain.Fragment);
    }

    [Fact]
    public void An_atomic_fragment_is_not_a_fragment()
    {
        // RFC 6946: offset 0 and M clear; the walk goes on to the TCP header.
        var packet = Ipv6Packet(IpProtocol.Fragment, [6, 0, 0, 0, 0, 0, 0, 9, .. new byte[20]]);
        Assert.True(Ipv6PacketView.TryCreate(packet, out var view, out _));

        Assert.True(view.TryWalkExtensionHeaders(out var chain, out _));
        Assert.True(chain.HasFragmentHeader);
        Assert.False(chain.IsFragment);
        Assert.Equal(IpProtocol.Tcp, chain.UpperLayerProtocol);
        Assert.Equal(48, chain.UpperLayerOffset);
    }

    [Fact]
    public void Experimental_extension_headers_253_and_254_are_walked()
    {
        var packet = Ipv6Packet(IpProtocol.Experimental253, [254, 0, 0, 0, 0, 0, 0, 0, 17, 1, .. new byte[14], .. new byte[8]]);
        Assert.True(Ipv6PacketView.TryCreate(packet, out var view, out _));

        Assert.True(view.TryWalkExtensionHeaders(out var chain, out _));
        Assert.Equal(new Ipv6ExtensionChain(IpProtocol.Udp, 40 + 8 + 16, 2, false, default), chain);
    }

    [Fact]
    public void No_next_header_ends_the_walk()
    {
        var packet = Ipv6Packet(IpProtocol.DestinationOptions, [59, 0, 1, 4, 0, 0, 0, 0, 0xDE, 0xAD]);
        Assert.True(Ipv6PacketView.TryCreate(packet, out var view, out _));

        Assert.True(view.TryWalkExtensionHeaders(out var chain, out _));
        Assert.Equal(new Ipv6ExtensionChain(IpProtocol.NoNextHeader, 48, 1, false, default), chain);
    }

    [Fact]
    public void A_payload_length_of_zero_with_hop_by_hop_next_is_a_jumbogram()
        => AssertError(Ipv6Packet(IpProtocol.HopByHop, []), Ipv6ParseError.Jumbogram);

    [Fact]
    public void A_payload_length_of_zero_with_no_next_header_is_an_empty_packet()
    {
        Assert.True(Ipv6PacketView.TryCreate(Ipv6Packet(IpProtocol.NoNextHeader, []), out var view, out _));
        Assert.True(view.Payload.IsEmpty);
        Assert.True(view.TryWalkExtensionHeaders(out var chain, out _));
        Assert.Equal(40, chain.UpperLayerOffset);
    }

    [Fact]
    public void Leaves_out_bytes_after_the_payload_length()
    {
        Assert.True(Ipv6PacketView.TryCreate([.. Packets.KernelIpv6Syn, 1, 2, 3], out var view, out _));
        Assert.Equal(80, view.Packet.Length);
    }

    [Fact]
    public void Fewer_than_40_bytes_are_too_short()
        => AssertError(Packets.KernelIpv6Syn[..39], Ipv6ParseError.TooShort);

    [Fact]
    public void A_version_other_than_6_is_refused()
    {
        var packet = Packets.KernelIpv6Syn;
        packet[0] = 0x4E;
        AssertError(packet, Ipv6ParseError.WrongVersion);
    }

    [Fact]
    public void A_payload_length_past_the_buffer_is_refused()
        => AssertError(Packets.KernelIpv6Syn[..79], Ipv6ParseError.PacketTruncated);

    [Fact]
    public void Hop_by_hop_after_another_header_is_refused()
    {
        var packet = Ipv6Packet(IpProtocol.DestinationOptions, [0, 0, 1, 4, 0, 0, 0, 0, 6, 0, 1, 4, 0, 0, 0, 0]);
        AssertWalkError(packet, Ipv6ParseError.HopByHopNotFirst);
    }

    [Theory]
    [InlineData(1)] // not even the length byte
    [InlineData(7)] // shorter than the 8 bytes its length byte claims
    public void An_extension_header_cut_short_is_refused(int length)
    {
        byte[] header = [6, 0, 1, 4, 0, 0, 0, 0];
        AssertWalkError(Ipv6Packet(IpProtocol.Routing, header[..length]), Ipv6ParseError.ExtensionHeaderTruncated);
    }

    [Fact]
    public void An_extension_length_past_the_payload_is_refused()
    {
        // Hdr Ext Len 255 claims 2048 bytes; Destination Options, AH and Fragment likewise.
        AssertWalkError(Ipv6Packet(IpProtocol.DestinationOptions, [6, 255, 1, 4, 0, 0, 0, 0]), Ipv6ParseError.ExtensionHeaderTruncated);
        AssertWalkError(Ipv6Packet(IpProtocol.AuthenticationHeader, [6, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Ipv6ParseError.ExtensionHeaderTruncated);
        AssertWalkError(Ipv6Packet(IpProtocol.Fragment, [6, 0, 0, 0, 0, 0, 0]), Ipv6ParseError.ExtensionHeaderTruncated);
    }

    [Fact]
    public void Sixteen_extension_headers_are_walked_and_seventeen_refused()
    {
        Assert.True(Ipv6PacketView.TryCreate(DestinationOptionsChain(16), out var view, out _));
        Assert.True(view.TryWalkExtensionHeaders(out var chain, out _));
        Assert.Equal(16, chain.ExtensionHeaderCount);
        Assert.Equal(40 + (16 * 8), chain.UpperLayerOffset);

        AssertWalkError(DestinationOptionsChain(17), Ipv6ParseError.TooManyExtensionHeaders);
    }

    internal static byte[] Ipv6Packet(IpProtocol nextHeader, byte[] payload)
    {
        var header = new Ipv6Header
        {
            PayloadLength = (ushort)payload.Length,
            NextHeader = nextHeader,
            HopLimit = 64,
            Source = IpAddress.Parse("2001:db8::1"),
            Destination = IpAddress.Parse("2001:db8::2"),
        };
        var packet = new byte[40 + payload.Length];
        header.TryWriteBytes(packet, out _);
        payload.CopyTo(packet, 40);
        return packet;
    }

    private static byte[] DestinationOptionsChain(int count)
    {
        var payload = new byte[count * 8];
        for (var i = 0; i < count; i++)
        {
            payload[i * 8] = (byte)(i == count - 1 ? IpProtocol.NoNextHeader : IpProtocol.DestinationOptions);
            payload[(i * 8) + 2] = 1; // PadN
            payload[(i * 8) + 3] = 4;
        }

        return Ipv6Packet(IpProtocol.DestinationOptions, payload);
    }

    private static void AssertError(byte[] packet, Ipv6ParseError expected)
    {
        Assert.False(Ipv6PacketView.TryCreate(packet, out var view, out var error));
        Assert.Equal(expected, error);
        Assert.True(view.Packet.IsEmpty);
        Assert.False(Ipv6Header.TryParse(packet, out _, out _, out error));
        Assert.Equal(expected, error);
    }

    private static void AssertWalkError(byte[] packet, Ipv6ParseError expected)
    {
        Assert.True(Ipv6PacketView.TryCreate(packet, out var view, out _));
        Assert.False(view.TryWalkExtensionHeaders(out var chain, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(default, chain);
    }
}
