using System.Net;
using CsCheck;
using SynAck.Wire.Ip;

namespace SynAck.Wire.Tests.Ip;

public class IpEndpointTests
{
    [Theory]
    [InlineData("192.0.2.1:80", "192.0.2.1", 80)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData("[2001:db8::1]:443", "2001:db8::1", 443)]
    [InlineData("[::ffff:192.0.2.1]:65535", "::ffff:192.0.2.1", 65535)]
    [InlineData("[::]:8080", "::", 8080)]
    public void Formats_IPv4_plain_and_IPv6_in_brackets_and_parses_back(string text, string address, int port)
    {
        var endpoint = new IpEndpoint(IpAddress.Parse(address), (ushort)port);

        Assert.Equal(text, endpoint.ToString());
        Assert.Equal(endpoint, IpEndpoint.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("192.0.2.1")]
    [InlineData("192.0.2.1:")]
    [InlineData(":80")]
    [InlineData("192.0.2.1:65536")]
    [InlineData("192.0.2.1:-1")]
    [InlineData("192.0.2.1:+1")]
    [InlineData("192.0.2.1: 80")]
    [InlineData("192.0.2.1:8 0")]
    [InlineData("2001:db8::1:80")] // IPv6 without brackets is ambiguous
    [InlineData("[2001:db8::1]")]
    [InlineData("[2001:db8::1]:")]
    [InlineData("[2001:db8::1:80")]
    [InlineData("[192.0.2.1]:80")]
    [InlineData("[]:80")]
    public void Refuses_text_that_is_not_an_endpoint(string text)
    {
        Assert.False(IpEndpoint.TryParse(text, out var endpoint));
        Assert.Equal(default, endpoint);
        Assert.Throws<FormatException>(() => IpEndpoint.Parse(text));
    }

    [Fact]
    public void Random_endpoints_round_trip_through_text_and_System_Net()
    {
        var address = Gen.OneOf(
            Gen.UInt.Select(IpAddress.FromIPv4),
            Gen.Select(Gen.ULong, Gen.ULong, IpAddress.FromIPv6));
        Gen.Select(address, Gen.UShort).ForAll(seed: 6, iterations: 3000, ((IpAddress Address, ushort Port) c) =>
        {
            var endpoint = new IpEndpoint(c.Address, c.Port);

            Assert.Equal(endpoint, IpEndpoint.Parse(endpoint.ToString()));
            Assert.Equal(endpoint.ToIPEndPoint(), IPEndPoint.Parse(endpoint.ToString()));
            Assert.Equal(endpoint, IpEndpoint.FromIPEndPoint(endpoint.ToIPEndPoint()));
        });
    }

    [Fact]
    public void Equal_endpoints_are_equal_keys()
    {
        var a = IpEndpoint.Parse("[2001:db8::1]:80");
        var b = new IpEndpoint(IpAddress.Parse("2001:DB8::0:1"), 80);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a with { Port = 81 });
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 80), IpEndpoint.Parse("192.0.2.1:80").ToIPEndPoint());
    }

    [Fact]
    public void TryFormat_into_a_short_buffer_writes_nothing()
    {
        var endpoint = IpEndpoint.Parse("[2001:db8::1]:443");
        var buffer = new char[IpEndpoint.MaxTextLength];

        Assert.True(endpoint.TryFormat(buffer, out var written));
        Assert.Equal("[2001:db8::1]:443", new string(buffer, 0, written));
        Assert.False(endpoint.TryFormat(buffer.AsSpan(0, written - 1), out written));
        Assert.Equal(0, written);
    }
}
