using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;

namespace SynAck.Wire.Tests.Ip;

public class Ipv4PacketViewTests
{
    [Fact]
    public void Reads_every_field_of_a_kernel_SYN()
    {
        Assert.True(Ipv4PacketView.TryCreate(Packets.KernelIpv4Syn, out var view, out var error));

        Assert.Equal(Ipv4ParseError.None, error);
        Assert.Equal(20, view.HeaderLength);
        Assert.True(view.Options.IsEmpty);
        Assert.Equal(0, view.Dscp);
        Assert.Equal(EcnCodepoint.NotEct, view.Ecn);
        Assert.Equal(60, view.TotalLength);
        Assert.Equal(53811, view.Identification);
        Assert.True(view.DontFragment);
        Assert.False(view.MoreFragments);
        Assert.Equal(0, view.FragmentOffset);
        Assert.False(view.IsFragment);
        Assert.Equal(64, view.TimeToLive);
        Assert.Equal(IpProtocol.Tcp, view.Protocol);
        Assert.Equal(0x6A86, view.HeaderChecksum);
        Assert.True(view.IsHeaderChecksumValid);
        Assert.Equal(IpAddress.Loopback, view.Source);
        Assert.Equal(IpAddress.Loopback, view.Destination);
        Assert.Equal([127, 0, 0, 1], view.SourceBytes.ToArray());
        Assert.Equal(40, view.Payload.Length);
        Assert.Equal([0xDC, 0x7C, 0x1F, 0x90], view.Payload[..4].ToArray()); // ports 56444 > 8080
    }

    [Fact]
    public void Pseudo_header_sum_gives_the_TCP_checksum_tcpdump_computed()
    {
        // tcpdump: "cksum 0xfe30 (incorrect -> 0x65e2)"; the field is left to an offload on loopback.
        var packet = Packets.KernelIpv4Syn;
        Assert.True(Ipv4PacketView.TryCreate(packet, out var view, out _));
        var segment = view.Payload.ToArray();
        segment[16] = 0;
        segment[17] = 0;

        Assert.Equal(0x65E2, InternetChecksum.Finish(InternetChecksum.Accumulate(view.PseudoHeaderSum(), segment)));
    }

    [Fact]
    public void Honours_the_header_length_of_a_packet_with_options()
    {
        Assert.True(Ipv4PacketView.TryCreate(Packets.KernelIpv4UdpWithOptions, out var view, out _));

        Assert.Equal(32, view.HeaderLength);
        Assert.Equal(Convert.FromHexString("01070b087f00000100000000"), view.Options.ToArray()); // NOP, RR
        Assert.Equal(IpProtocol.Udp, view.Protocol);
        Assert.Equal(15, view.Payload.Length);
        Assert.Equal("options"u8.ToArray(), view.Payload[8..].ToArray());
        Assert.True(view.IsHeaderChecksumValid);
    }

    [Fact]
    public void Reads_DSCP_from_the_TOS_byte()
    {
        // tos 0xc0: DSCP 48 (CS6, network control), Not-ECT.
        Assert.True(Ipv4PacketView.TryCreate(Packets.KernelIpv4IcmpWithOptions, out var view, out _));

        Assert.Equal(0xC0, view.TypeOfService);
        Assert.Equal(48, view.Dscp);
        Assert.Equal(EcnCodepoint.NotEct, view.Ecn);
        Assert.Equal(IpProtocol.Icmp, view.Protocol);
        Assert.True(view.IsHeaderChecksumValid);
    }

    [Theory]
    [InlineData(0x00, EcnCodepoint.NotEct)]
    [InlineData(0x01, EcnCodepoint.Ect1)]
    [InlineData(0x02, EcnCodepoint.Ect0)]
    [InlineData(0xBB, EcnCodepoint.Ce)]
    public void Reads_the_ECN_codepoint_from_the_low_two_bits(byte tos, EcnCodepoint ecn)
    {
        var packet = Packets.KernelIpv4Syn;
        packet[1] = tos;
        Assert.True(Ipv4PacketView.TryCreate(packet, out var view, out _));

        Assert.Equal(ecn, view.Ecn);
        Assert.Equal(tos >> 2, view.Dscp);
    }

    [Theory]
    [InlineData(0, true, 0)]
    [InlineData(1, true, 157)]
    [InlineData(2, false, 314)]
    public void Recognises_each_fragment_of_a_kernel_datagram(int index, bool moreFragments, int offset)
    {
        Assert.True(Ipv4PacketView.TryCreate(Packets.KernelIpv4Fragments[index], out var view, out _));

        Assert.True(view.IsFragment);
        Assert.Equal(moreFragments, view.MoreFragments);
        Assert.False(view.DontFragment);
        Assert.Equal(offset, view.FragmentOffset);
        Assert.Equal(new IpFragmentInfo(25777, (ushort)offset, moreFragments), view.Fragment);
        Assert.Equal(offset * 8, view.Fragment.ByteOffset);
        Assert.True(view.IsHeaderChecksumValid);
    }

    [Fact]
    public void Leaves_out_bytes_after_the_total_length()
    {
        // Ethernet pads a frame to 60 bytes; the padding is not part of the packet.
        byte[] padded = [.. Packets.KernelIpv4UdpWithOptions, 0, 0, 0, 0, 0, 0, 0];
        Assert.True(Ipv4PacketView.TryCreate(padded, out var view, out _));

        Assert.Equal(47, view.Packet.Length);
        Assert.Equal(15, view.Payload.Length);
    }

    [Fact]
    public void A_corrupted_header_still_parses_but_fails_its_checksum()
    {
        var packet = Packets.KernelIpv4Syn;
        packet[8] = 63; // TTL changed without updating the checksum

        Assert.True(Ipv4PacketView.TryCreate(packet, out var view, out _));
        Assert.False(view.IsHeaderChecksumValid);
    }

    [Fact]
    public void Fewer_than_20_bytes_are_too_short()
        => AssertError(Packets.KernelIpv4Syn[..19], Ipv4ParseError.TooShort);

    [Fact]
    public void A_version_other_than_4_is_refused()
    {
        var packet = Packets.KernelIpv4Syn;
        packet[0] = 0x65;
        AssertError(packet, Ipv4ParseError.WrongVersion);
    }

    [Fact]
    public void An_IHL_below_5_is_refused()
    {
        var packet = Packets.KernelIpv4Syn;
        packet[0] = 0x44;
        AssertError(packet, Ipv4ParseError.HeaderLengthTooSmall);
    }

    [Fact]
    public void An_IHL_past_the_buffer_is_refused()
    {
        var packet = Packets.KernelIpv4Syn[..56];
        packet[0] = 0x4F; // 60 header bytes
        AssertError(packet, Ipv4ParseError.HeaderTruncated);
    }

    [Fact]
    public void A_total_length_below_the_header_length_is_refused()
    {
        var packet = Packets.KernelIpv4UdpWithOptions;
        packet[3] = 31; // the header alone is 32 bytes
        AssertError(packet, Ipv4ParseError.TotalLengthTooSmall);
    }

    [Fact]
    public void A_total_length_past_the_buffer_is_refused()
        => AssertError(Packets.KernelIpv4Syn[..59], Ipv4ParseError.PacketTruncated);

    [Fact]
    public void A_header_with_no_payload_is_a_packet()
    {
        var packet = Packets.KernelIpv4Syn[..20];
        packet[3] = 20;
        Assert.True(Ipv4PacketView.TryCreate(packet, out var view, out _));
        Assert.True(view.Payload.IsEmpty);
    }

    private static void AssertError(byte[] packet, Ipv4ParseError expected)
    {
        Assert.False(Ipv4PacketView.TryCreate(packet, out var view, out var error));
        Assert.Equal(expected, error);
        Assert.True(view.Packet.IsEmpty);
        Assert.False(Ipv4Header.TryParse(packet, out _, out _, out error));
        Assert.Equal(expected, error);
    }
}
