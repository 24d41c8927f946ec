using SynAck.Wire.Ip;

namespace SynAck.Wire.Tests.Ip;

public class Ipv4HeaderTests
{
    private static readonly Ipv4Header HandBuilt = new()
    {
        Dscp = 10,
        Ecn = EcnCodepoint.Ect0,
        TotalLength = 40,
        Identification = 0x1C46,
        DontFragment = true,
        TimeToLive = 64,
        Protocol = IpProtocol.Tcp,
        Source = IpAddress.Parse("192.0.2.1"),
        Destination = IpAddress.Parse("198.51.100.2"),
    };

    [Fact]
    public void Writes_exact_bytes_with_the_header_checksum()
    {
        var buffer = new byte[24];

        Assert.True(HandBuilt.TryWriteBytes(buffer, out var written));
        Assert.Equal(20, written);
        Assert.Equal(20, HandBuilt.GetEncodedLength());
        Assert.Equal(Packets.HandBuiltIpv4Header, buffer[..20]);
        Assert.Equal([0, 0, 0, 0], buffer[20..]);
    }

    [Fact]
    public void Parses_what_it_wrote()
    {
        Assert.True(Ipv4Header.TryParse([.. Packets.HandBuiltIpv4Header, .. new byte[20]], out var parsed, out var headerLength, out _));

        Assert.Equal(20, headerLength);
        Assert.Equal(HandBuilt with { HeaderChecksum = 0x3229 }, parsed);
    }

    [Fact]
    public void Rewrites_a_kernel_header_byte_for_byte()
    {
        var packet = Packets.KernelIpv4Syn;
        Assert.True(Ipv4Header.TryParse(packet, out var header, out var headerLength, out var error));
        Assert.Equal(Ipv4ParseError.None, error);
        var buffer = new byte[headerLength];

        Assert.True(header.TryWriteBytes(buffer, out _));
        Assert.Equal(packet[..20], buffer);
        Assert.Equal(0, header.OptionsLength);
        Assert.False(header.IsFragment);
    }

    [Fact]
    public void Rewrites_each_kernel_fragment_header_byte_for_byte()
    {
        foreach (var fragment in Packets.KernelIpv4Fragments)
        {
            Assert.True(Ipv4Header.TryParse(fragment, out var header, out _, out _));
            var buffer = new byte[20];

            Assert.True(header.IsFragment);
            Assert.True(header.TryWriteBytes(buffer, out _));
            Assert.Equal(fragment[..20], buffer);
        }
    }

    [Fact]
    public void Keeps_the_options_length_of_a_parsed_header_and_refuses_to_write_it()
    {
        Assert.True(Ipv4Header.TryParse(Packets.KernelIpv4UdpWithOptions, out var header, out var headerLength, out _));

        Assert.Equal(32, headerLength);
        Assert.Equal(12, header.OptionsLength);
        Assert.Throws<InvalidOperationException>(() => header.TryWriteBytes(new byte[20], out _));

        var stripped = header with { OptionsLength = 0, TotalLength = (ushort)(header.TotalLength - 12) };
        var buffer = new byte[20];
        Assert.True(stripped.TryWriteBytes(buffer, out _));
        Assert.True(Ipv4PacketView.TryCreate([.. buffer, .. Packets.KernelIpv4UdpWithOptions[32..]], out var view, out _));
        Assert.True(view.IsHeaderChecksumValid);
        Assert.Equal(header.Source, view.Source);
    }

    [Fact]
    public void A_buffer_shorter_than_20_bytes_gets_nothing()
    {
        var buffer = new byte[19];

        Assert.False(HandBuilt.TryWriteBytes(buffer, out var written));
        Assert.Equal(0, written);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Fields_that_do_not_fit_their_bits_are_a_caller_error()
    {
        var buffer = new byte[20];
        Assert.Throws<InvalidOperationException>(() => (HandBuilt with { Dscp = 64 }).TryWriteBytes(buffer, out _));
        Assert.Throws<InvalidOperationException>(() => (HandBuilt with { Ecn = (EcnCodepoint)4 }).TryWriteBytes(buffer, out _));
        Assert.Throws<InvalidOperationException>(() => (HandBuilt with { FragmentOffset = 0x2000 }).TryWriteBytes(buffer, out _));
        Assert.Throws<InvalidOperationException>(() => (HandBuilt with { Source = IpAddress.IPv6Loopback }).TryWriteBytes(buffer, out _));
        Assert.Throws<InvalidOperationException>(() => (HandBuilt with { Destination = IpAddress.Parse("::ffff:192.0.2.1") }).TryWriteBytes(buffer, out _));
    }

    [Fact]
    public void Writes_the_more_fragments_flag_and_offset()
    {
        var header = HandBuilt with { DontFragment = false, MoreFragments = true, FragmentOffset = 0x1FFF };
        var buffer = new byte[20];
        Assert.True(header.TryWriteBytes(buffer, out _));

        Assert.Equal(0x3F, buffer[6]);
        Assert.Equal(0xFF, buffer[7]);
        Assert.True(Ipv4Header.TryParse([.. buffer, .. new byte[20]], out var parsed, out _, out _));
        Assert.Equal(header, parsed with { HeaderChecksum = 0 });
        Assert.True(parsed.IsFragment);
    }
}
