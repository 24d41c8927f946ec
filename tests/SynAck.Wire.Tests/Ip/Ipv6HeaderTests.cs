using SynAck.Wire.Ip;

namespace SynAck.Wire.Tests.Ip;

public class Ipv6HeaderTests
{
    private static readonly Ipv6Header HandBuilt = new()
    {
        Dscp = 46,
        Ecn = EcnCodepoint.Ce,
        FlowLabel = 0x12345,
        PayloadLength = 84,
        NextHeader = IpProtocol.HopByHop,
        HopLimit = 255,
        Source = IpAddress.Parse("2001:db8::1"),
        Destination = IpAddress.Parse("2001:db8::2"),
    };

    [Fact]
    public void Writes_the_exact_fixed_header()
    {
        var buffer = new byte[40];

        Assert.True(HandBuilt.TryWriteBytes(buffer, out var written));
        Assert.Equal(40, written);
        Assert.Equal(40, HandBuilt.GetEncodedLength());
        Assert.Equal(0xBB, HandBuilt.TrafficClass);
        Assert.Equal(Packets.HandBuiltIpv6Chain[..40], buffer);
    }

    [Fact]
    public void Parses_the_fixed_header_of_a_chain()
    {
        Assert.True(Ipv6Header.TryParse(Packets.HandBuiltIpv6Chain, out var header, out var headerLength, out var error));

        Assert.Equal(Ipv6ParseError.None, error);
        Assert.Equal(40, headerLength);
        Assert.Equal(HandBuilt, header);
    }

    [Fact]
    public void Rewrites_kernel_headers_byte_for_byte()
    {
        foreach (var packet in (byte[][])[Packets.KernelIpv6Syn, Packets.KernelIpv6UdpWithExtensionHeaders, .. Packets.KernelIpv6Fragments])
        {
            Assert.True(Ipv6Header.TryParse(packet, out var header, out _, out _));
            var buffer = new byte[40];

            Assert.True(header.TryWriteBytes(buffer, out _));
            Assert.Equal(packet[..40], buffer);
        }
    }

    [Fact]
    public void A_buffer_shorter_than_40_bytes_gets_nothing()
    {
        var buffer = new byte[39];

        Assert.False(HandBuilt.TryWriteBytes(buffer, out var written));
        Assert.Equal(0, written);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Fields_that_do_not_fit_their_bits_are_a_caller_error()
    {
        var buffer = new byte[40];
        Assert.Throws<InvalidOperationException>(() => (HandBuilt with { Dscp = 64 }).TryWriteBytes(buffer, out _));
        Assert.Throws<InvalidOperationException>(() => (HandBuilt with { Ecn = (EcnCodepoint)4 }).TryWriteBytes(buffer, out _));
        Assert.Throws<InvalidOperationException>(() => (HandBuilt with { FlowLabel = 0x100000 }).TryWriteBytes(buffer, out _));
        Assert.Throws<InvalidOperationException>(() => (HandBuilt with { Source = IpAddress.Loopback }).TryWriteBytes(buffer, out _));
        Assert.Throws<InvalidOperationException>(() => (HandBuilt with { Destination = IpAddress.Any }).TryWriteBytes(buffer, out _));
    }
}
