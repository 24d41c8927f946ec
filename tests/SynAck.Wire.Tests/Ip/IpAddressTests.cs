using System.Net;
using System.Net.Sockets;
using CsCheck;
using SynAck.Wire.Ip;

namespace SynAck.Wire.Tests.Ip;

public class IpAddressTests
{
    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1")] // RFC 5952 §4.3: lowercase
    [InlineData("2001:0db8::0001", "2001:db8::1")] // §4.1: no leading zeros
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")] // §4.2.3: the first of equal runs
    [InlineData("2001:0:0:1:0:0:0:1", "2001:0:0:1::1")] // §4.2.3: the longest run
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")] // §4.2.2: one zero group stays
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("1::", "1::")]
    [InlineData("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0")]
    [InlineData("::1:2:3:4:5:6:7", "0:1:2:3:4:5:6:7")]
    [InlineData("::ffff:192.0.2.1", "::ffff:192.0.2.1")] // §5: IPv4-mapped in mixed notation
    [InlineData("0:0:0:0:0:ffff:c000:201", "::ffff:192.0.2.1")]
    [InlineData("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304")]
    [InlineData("64:ff9b::192.0.2.33", "64:ff9b::c000:221")]
    public void Parses_text_and_formats_it_canonically(string text, string canonical)
    {
        var address = IpAddress.Parse(text);

        Assert.Equal(canonical, address.ToString());
        Assert.Equal(address, IpAddress.Parse(canonical));
        Assert.Equal(IPAddress.Parse(text).GetAddressBytes(), address.ToIPAddress().GetAddressBytes());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.1000")]
    [InlineData("01.2.3.4")] // leading zero: octal to some parsers, refused
    [InlineData("127.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.")]
    [InlineData(".1.2.3")]
    [InlineData("-1.0.0.0")]
    [InlineData("+1.0.0.0")]
    [InlineData(" 1.2.3.4")]
    [InlineData("1.2.3.4 ")]
    [InlineData(":")]
    [InlineData(":::")]
    [InlineData(":1")]
    [InlineData("1:")]
    [InlineData("1:2")]
    [InlineData("1::2::3")]
    [InlineData("12345::")]
    [InlineData("g::")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7:8::")]
    [InlineData("::1:2:3:4:5:6:7:8")]
    [InlineData("::1.2.3")]
    [InlineData("1.2.3.4::")]
    [InlineData("::1.2.3.4:5")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("[::1]")]
    [InlineData("fe80::1%eth0")]
    public void Refuses_text_that_is_not_an_address(string text)
    {
        Assert.False(IpAddress.TryParse(text, out var address));
        Assert.Equal(default, address);
        Assert.Throws<FormatException>(() => IpAddress.Parse(text));
    }

    [Fact]
    public void TryParse_of_null_is_false()
        => Assert.False(IpAddress.TryParse((string?)null, out _));

    [Fact]
    public void Random_IPv6_addresses_format_as_System_Net_does_and_parse_back()
    {
        // Groups are often zero so that runs of zeros of every length and position occur.
        var group = Gen.OneOf(Gen.Const((ushort)0), Gen.UShort, Gen.UShort[0, 0xF]);
        group.Array[8].ForAll(seed: 5952, iterations: 5000, groups =>
        {
            var bytes = groups.SelectMany(g => new[] { (byte)(g >> 8), (byte)g }).ToArray();
            var address = IpAddress.FromBytes(bytes);
            var text = address.ToString();

            Assert.Equal(address, IpAddress.Parse(text));
            Assert.Equal(bytes, IPAddress.Parse(text).GetAddressBytes());

            // System.Net also writes ::a.b.c.d, ::ffff:0:a.b.c.d and ISATAP in mixed notation;
            // RFC 5952 §5 asks that only for prefixes the writer knows, and we know just ::ffff:0:0/96.
            var systemNetMixes = groups[..5].All(g => g == 0) || (groups[4] == 0 && groups[5] == 0x5EFE);
            if (!systemNetMixes || address.IsIPv4MappedToIPv6)
            {
                Assert.Equal(new IPAddress(bytes).ToString(), text);
            }
        });
    }

    [Fact]
    public void Random_IPv4_addresses_format_as_System_Net_does_and_parse_back()
    {
        Gen.UInt.ForAll(seed: 791, iterations: 5000, value =>
        {
            var address = IpAddress.FromIPv4(value);
            var text = address.ToString();

            Assert.Equal(new IPAddress(BigEndian(value)).ToString(), text);
            Assert.Equal(address, IpAddress.Parse(text));
        });
    }

    [Fact]
    public void Converts_to_and_from_System_Net_IPAddress_without_the_scope()
    {
        var v6 = IPAddress.Parse("fe80::1%7");
        Assert.Equal(IpAddress.Parse("fe80::1"), IpAddress.FromIPAddress(v6));
        Assert.Equal(0, IpAddress.Parse("fe80::1").ToIPAddress().ScopeId);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), IpAddress.Parse("192.0.2.1").ToIPAddress());
        Assert.Equal(AddressFamily.InterNetworkV6, IpAddress.FromIPAddress(IPAddress.IPv6Loopback).AddressFamily);
    }

    [Fact]
    public void Bytes_round_trip_in_network_order()
    {
        byte[] v4 = [192, 0, 2, 1];
        byte[] v6 = [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9];
        Span<byte> buffer = stackalloc byte[16];

        Assert.True(IpAddress.FromBytes(v4).TryWriteBytes(buffer, out var written));
        Assert.Equal(v4, buffer[..written].ToArray());
        Assert.True(IpAddress.FromBytes(v6).TryWriteBytes(buffer, out written));
        Assert.Equal(v6, buffer[..written].ToArray());
        Assert.Equal(IpAddress.Parse("2001:db8::9"), IpAddress.FromBytes(v6));
        Assert.Equal(IpAddress.FromIPv4(0xC000_0201), IpAddress.FromBytes(v4));
    }

    [Fact]
    public void TryWriteBytes_into_a_short_buffer_writes_nothing()
    {
        var buffer = new byte[15];
        Assert.False(IpAddress.IPv6Loopback.TryWriteBytes(buffer, out var written));
        Assert.Equal(0, written);
        Assert.All(buffer, b => Assert.Equal(0, b));
        Assert.False(IpAddress.Loopback.TryWriteBytes(buffer.AsSpan(0, 3), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(15)]
    [InlineData(17)]
    public void FromBytes_of_a_length_other_than_4_or_16_is_a_caller_error(int length)
        => Assert.Throws<ArgumentException>(() => IpAddress.FromBytes(new byte[length]));

    [Fact]
    public void An_IPv4_address_differs_from_its_IPv4_mapped_form()
    {
        var v4 = IpAddress.Parse("192.0.2.1");
        var mapped = IpAddress.Parse("::ffff:192.0.2.1");

        Assert.NotEqual(v4, mapped);
        Assert.True(v4 != mapped);
        Assert.True(mapped.IsIPv4MappedToIPv6);
        Assert.Equal(mapped, v4.MapToIPv6());
        Assert.Equal(v4, mapped.MapToIPv4());
        Assert.Equal(v4, v4.MapToIPv4());
        Assert.Equal(IpAddress.IPv6Loopback, IpAddress.IPv6Loopback.MapToIPv4());
    }

    [Fact]
    public void Well_known_addresses_have_their_usual_values_and_properties()
    {
        Assert.Equal(IpAddress.Parse("0.0.0.0"), IpAddress.Any);
        Assert.Equal(default, IpAddress.Any);
        Assert.Equal(IpAddress.Parse("127.0.0.1"), IpAddress.Loopback);
        Assert.Equal(IpAddress.Parse("255.255.255.255"), IpAddress.Broadcast);
        Assert.Equal(IpAddress.Parse("::"), IpAddress.IPv6Any);
        Assert.Equal(IpAddress.Parse("::1"), IpAddress.IPv6Loopback);
        Assert.NotEqual(IpAddress.Any, IpAddress.IPv6Any);

        Assert.True(IpAddress.Any.IsIPv4 && IpAddress.Any.IsUnspecified && IpAddress.Any.Length == 4);
        Assert.True(IpAddress.IPv6Any.IsIPv6 && IpAddress.IPv6Any.IsUnspecified && IpAddress.IPv6Any.Length == 16);
        Assert.True(IpAddress.Parse("127.8.9.10").IsLoopback);
        Assert.True(IpAddress.IPv6Loopback.IsLoopback);
        Assert.False(IpAddress.Parse("::2").IsLoopback);
        Assert.True(IpAddress.Parse("224.0.0.1").IsMulticast);
        Assert.True(IpAddress.Parse("239.255.255.255").IsMulticast);
        Assert.False(IpAddress.Parse("240.0.0.0").IsMulticast);
        Assert.True(IpAddress.Parse("ff02::1").IsMulticast);
        Assert.False(IpAddress.Parse("fe80::1").IsMulticast);
        Assert.Equal(AddressFamily.InterNetwork, IpAddress.Loopback.AddressFamily);
    }

    [Fact]
    public void Equal_addresses_have_equal_hash_codes_and_neighbours_spread()
    {
        Assert.Equal(IpAddress.Parse("2001:db8::1").GetHashCode(), IpAddress.Parse("2001:DB8:0::1").GetHashCode());

        // 65536 addresses that differ only in their last two bytes (a /16, a /112): a hash that
        // ignored those bits would give a handful of values. Some 32-bit collisions are expected.
        var v4 = Enumerable.Range(0, 65536).Select(i => IpAddress.FromIPv4(0xC633_0000u | (uint)i).GetHashCode()).Distinct().Count();
        var v6 = Enumerable.Range(0, 65536).Select(i => IpAddress.FromIPv6(0x2001_0DB8_0000_0000, (ulong)i).GetHashCode()).Distinct().Count();
        Assert.InRange(v4, 65_000, 65_536);
        Assert.InRange(v6, 65_000, 65_536);
    }

    [Fact]
    public void TryFormat_needs_room_for_the_whole_text()
    {
        var address = IpAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        var buffer = new char[IpAddress.MaxTextLength];

        Assert.True(address.TryFormat(buffer, out var written, default, null));
        Assert.Equal(39, written);
        Assert.False(address.TryFormat(buffer.AsSpan(0, 38), out written, default, null));
        Assert.Equal(0, written);
        Assert.Equal("192.0.2.1", $"{IpAddress.Parse("192.0.2.1")}");
    }

    [Fact]
    public void Parsing_formatting_hashing_and_comparing_allocate_nothing()
    {
        Span<char> text = stackalloc char[IpAddress.MaxTextLength];
        var sink = 0;
        void Exercise(ReadOnlySpan<char> input, Span<char> output)
        {
            var address = IpAddress.Parse(input);
            address.TryFormat(output, out var written, default, null);
            sink += written + address.GetHashCode() + (address == IpAddress.Loopback ? 1 : 0);
        }

        Exercise("2001:db8::1:0:0:1", text);
        Exercise("192.0.2.1", text);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Exercise("2001:db8::1:0:0:1", text);
            Exercise("::ffff:192.0.2.1", text);
            Exercise("192.0.2.1", text);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sink);
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
