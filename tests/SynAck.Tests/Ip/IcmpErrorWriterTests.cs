using SynAck.Ip;
using SynAck.Wire.Ip;
using static SynAck.Tests.Ip.FragmentBuilder;

namespace SynAck.Tests.Ip;

public class IcmpErrorWriterTests
{
    [Fact]
    public void A_port_unreachable_about_the_kernels_UDP_datagram_is_the_one_Linux_sent()
    {
        // The server sent it with TTL 64 and id 48607; the router took the TTL to 63.
        var offending = KernelPackets.PortUnreachableV4[28..];
        var send = new IcmpSendParameters(IpAddress.Parse("198.51.100.2"), 63) { Identification = 48607 };

        Assert.Equal(Convert.ToHexString(KernelPackets.PortUnreachableV4), Write(offending, 3, 3, 0, send));
    }

    [Fact]
    public void An_ICMPv6_port_unreachable_about_the_kernels_UDP_datagram_is_the_one_Linux_sent()
    {
        var offending = KernelPackets.PortUnreachableV6[48..];
        var send = new IcmpSendParameters(IpAddress.Parse("2001:db8:2::2"), 63) { FlowLabel = 0x0541E };

        Assert.Equal(Convert.ToHexString(KernelPackets.PortUnreachableV6), Write(offending, 1, 4, 0, send));
    }

    [Fact]
    public void A_time_exceeded_about_the_kernels_SYN_is_the_one_the_Linux_router_sent()
    {
        var offending = KernelPackets.TimeExceededSynV4[28..];
        var send = new IcmpSendParameters(IpAddress.Parse("192.0.2.254"), 64) { Identification = 0x1521 };

        Assert.Equal(Convert.ToHexString(KernelPackets.TimeExceededSynV4), Write(offending, 11, 0, 0, send));
    }

    [Fact]
    public void An_IPv4_error_quotes_what_fits_in_576_bytes_as_the_Linux_router_did()
    {
        var send = new IcmpSendParameters(IpAddress.Parse("192.0.2.254"), 64) { Identification = 0x2555 };

        Assert.Equal(Convert.ToHexString(KernelPackets.FragmentationNeededV4), Write(KernelPackets.LargeSegmentV4, 3, 4, 1280, send));
    }

    [Fact]
    public void An_IPv6_error_quotes_what_fits_in_1280_bytes_as_the_Linux_router_did()
    {
        byte[] segment = [.. KernelPackets.PacketTooBigV6.AsSpan(48, 72), .. KernelPackets.Pattern(0, 1536)];
        var send = new IcmpSendParameters(IpAddress.Parse("2001:db8:1::fe"), 64) { FlowLabel = 0x06589 };

        Assert.Equal(Convert.ToHexString(KernelPackets.PacketTooBigV6), Write(segment, 2, 0, 1280, send));
    }

    [Fact]
    public void A_destination_too_short_gets_nothing_written()
    {
        var offending = View(KernelPackets.LargeSegmentV4);
        var send = new IcmpSendParameters(IpAddress.Parse("192.0.2.254"), 64);

        Assert.Equal(576, IcmpErrorWriter.GetErrorLength(offending));
        Assert.False(IcmpErrorWriter.TryWrite(offending, 3, 4, 1280, send, new byte[575], out var written));
        Assert.Equal(0, written);
        Assert.Throws<ArgumentException>(() => IcmpErrorWriter.TryWrite(View(KernelPackets.LargeSegmentV4), 3, 4, 1280, send with { Source = IpAddress.IPv6Loopback }, new byte[576], out _));
    }

    [Fact]
    public void No_error_answers_an_error_a_later_fragment_a_multicast_or_a_source_that_is_not_one_host()
    {
        // RFC 1122 §3.2.2 and RFC 4443 §2.4 (e).
        Assert.True(May(KernelPackets.PortUnreachableV4[28..], 3, 3));
        Assert.True(May(KernelPackets.EchoRequestV4, 11, 0));
        Assert.True(May(KernelPackets.EchoRequestV6, 3, 0));
        Assert.False(May(KernelPackets.PortUnreachableV4, 3, 3));
        Assert.False(May(KernelPackets.PortUnreachableV6, 1, 4));
        Assert.False(May(FragmentV4(Payload(32), new Piece(16, 16, false)), 11, 1));
        Assert.True(May(FragmentV4(Payload(32), new Piece(0, 16, true)), 11, 1));
        Assert.False(May(FragmentV4(Payload(32), new Piece(0, 32, false), source: IpAddress.Any), 3, 2));
        Assert.False(May(WithDestination(WholeV4(Payload(8)), IpAddress.Broadcast), 3, 2));
        Assert.False(May(WithDestination(WholeV4(Payload(8)), IpAddress.Parse("224.0.0.1")), 3, 2));

        var toMulticast = WithDestination(WholeV6(Payload(8), IpProtocol.Udp), IpAddress.Parse("ff02::1"));
        Assert.False(May(toMulticast, 1, 4));
        Assert.True(May(toMulticast, 2, 0));
        Assert.True(May(toMulticast, 4, 2));
        Assert.False(May(toMulticast, 4, 1));
    }

    private static string Write(byte[] offending, byte type, byte code, uint restOfHeader, IcmpSendParameters send)
    {
        var packet = new byte[1500];
        Assert.True(IcmpErrorWriter.TryWrite(View(offending), type, code, restOfHeader, send, packet, out var written));
        return Convert.ToHexString(packet, 0, written);
    }

    private static bool May(byte[] offending, byte type, byte code) => IcmpErrorWriter.MaySendAbout(View(offending), type, code);

    private static byte[] WithDestination(byte[] packet, IpAddress destination)
    {
        destination.TryWriteBytes(packet.AsSpan(packet[0] >> 4 == 6 ? 24 : 16), out _);
        return packet;
    }
}
