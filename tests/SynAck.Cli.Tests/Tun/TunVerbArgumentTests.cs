using System.Net;
using SynAck.Cli.Tun;

namespace SynAck.Cli.Tests.Tun;

/// <summary>What serve and connect accept on the command line; bad input is exit code 2 before any device is touched.</summary>
public class TunVerbArgumentTests
{
    [Theory]
    [InlineData("192.0.2.1:80", "192.0.2.1", 80)]
    [InlineData("[2001:db8::1]:8080", "2001:db8::1", 8080)]
    public void An_endpoint_with_a_literal_address_and_a_port_parses(string text, string address, int port)
    {
        Assert.True(ConnectCommand.TryParseEndpoint(text, out var endpoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endpoint);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("192.0.2.1:0")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:db8::1:80")]
    [InlineData("example.org:80")]
    [InlineData("192.0.2.1:65536")]
    public void An_endpoint_without_a_port_or_with_a_name_or_bare_IPv6_does_not_parse(string text)
        => Assert.False(ConnectCommand.TryParseEndpoint(text, out _));

    [Theory]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--http")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--root", "/tmp")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/33", "--echo")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--port", "0")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--loss", "1.5")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--mtu", "67")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--buffer-size", "0")]
    [InlineData("connect", "--tun", "t0", "--address", "192.0.2.2/24")]
    [InlineData("connect", "--tun", "t0", "--address", "192.0.2.2/24", "--to", "2001:db8::1")]
    [InlineData("connect", "--tun", "t0", "--address", "192.0.2.2/24", "--to", "192.0.2.1:7", "--send-bytes", "-1")]
    [InlineData("connect", "--tun", "t0", "--address", "192.0.2.2/24", "--to", "192.0.2.1:7", "--ecn", "always")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--ecn", "yes")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--loss", "NaN")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--loss", "some")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--port", "http")]
    [InlineData("serve", "--tun", "t0", "--address", "192.0.2.2/24", "--echo", "--mtu", "big")]
    [InlineData("connect", "--tun", "t0", "--address", "192.0.2.2/24", "--to", "192.0.2.1:7", "--send-bytes", "lots")]
    public async Task Bad_arguments_are_bad_input(params string[] args)
    {
        var result = await Cli.RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public async Task Connecting_to_an_IPv6_peer_without_an_IPv6_address_is_bad_input()
    {
        var result = await Cli.RunAsync("connect", "--tun", "t0", "--address", "192.0.2.2/24", "--to", "[2001:db8::1]:7");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("no --address of that family", result.Error, StringComparison.Ordinal);
    }
}
