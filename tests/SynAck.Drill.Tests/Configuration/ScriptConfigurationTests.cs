using SynAck.Drill.Configuration;
using SynAck.Drill.Syntax;
using SynAck.Drill.Tests.Syntax;
using SynAck.Wire.Ip;

namespace SynAck.Drill.Tests.Configuration;

public sealed class ScriptConfigurationTests
{
    private static ScriptConfiguration Read(string options)
    {
        Assert.True(ScriptConfiguration.TryRead(Parse.Script(options + "\n0 close(3) = 0"), out var configuration, out var error), error?.ToString());
        return configuration;
    }

    [Fact]
    public void A_script_without_options_gets_packetdrills_defaults_and_documentation_addresses()
    {
        var configuration = Read(string.Empty);

        Assert.Equal(ScriptIpVersion.IPv4, configuration.IpVersion);
        Assert.Equal(TimeSpan.FromMilliseconds(4), configuration.Tolerance);
        Assert.Equal(TimeSpan.Zero, configuration.TimestampTick);
        Assert.Equal(((ushort)8080, (ushort)8080), (configuration.BindPort, configuration.ConnectPort));
        Assert.Equal((IpAddress.Parse("192.0.2.2"), IpAddress.Parse("192.0.2.1")), (configuration.LocalAddress, configuration.RemoteAddress));
    }

    [Fact]
    public void The_options_the_runner_knows_are_read_and_the_rest_reported()
    {
        var configuration = Read("--ip_version=ipv6\n--tolerance_usecs=75000\n--tcp_ts_tick_usecs=1000\n--tolerance_percent=2.5\n--connect_port=9090\n--mtu=1400\n--define=X=1");

        Assert.Equal(ScriptIpVersion.IPv6, configuration.IpVersion);
        Assert.Equal(TimeSpan.FromMilliseconds(75), configuration.Tolerance);
        Assert.Equal(TimeSpan.FromMilliseconds(1), configuration.TimestampTick);
        Assert.Equal(2.5, configuration.TolerancePercent);
        Assert.Equal((ushort)9090, configuration.ConnectPort);
        Assert.Equal((IpAddress.Parse("2001:db8::2"), IpAddress.Parse("2001:db8::1")), (configuration.LocalAddress, configuration.RemoteAddress));
        Assert.Equal(["mtu", "define"], configuration.IgnoredOptions.Select(o => o.Name));
    }

    [Fact]
    public void Explicit_addresses_replace_the_defaults()
    {
        var configuration = Read("--local_ip=198.51.100.7\n--remote_ip=203.0.113.9/24");

        Assert.Equal((IpAddress.Parse("198.51.100.7"), IpAddress.Parse("203.0.113.9")), (configuration.LocalAddress, configuration.RemoteAddress));
    }

    [Theory]
    [InlineData("--ip_version=ipv5")]
    [InlineData("--tolerance_usecs=0")]
    [InlineData("--tolerance_usecs=fast")]
    [InlineData("--tcp_ts_tick_usecs=2000000")]
    [InlineData("--bind_port=0")]
    [InlineData("--remote_ip=nowhere")]
    [InlineData("--tolerance_percent=-1")]
    public void A_bad_value_is_an_error_at_its_option(string option)
    {
        var script = Parse.Script("// header\n" + option + "\n0 close(3) = 0");

        Assert.False(ScriptConfiguration.TryRead(script, out _, out var error));
        Assert.Equal(ScriptErrorKind.InvalidOptionValue, error.Kind);
        Assert.Equal(new SourceLocation(2, 1), error.Location);
    }

    [Theory]
    [InlineData(65536, 1460, 65700)]
    [InlineData(65536, 1440, 66240)]
    [InlineData(2920, 1460, 2920)]
    public void FreeBSD_rounds_the_receive_buffer_up_to_whole_segments(int buffer, int mss, int rounded)
    {
        Assert.Equal(rounded, DrillSettings.RoundUpToSegments(buffer, mss));
    }

    [Fact]
    public void The_FreeBSD_profile_overrides_and_the_SynAck_profile_does_not()
    {
        var freeBsd = DrillSettings.For(DrillProfile.FreeBsd);

        Assert.Equal(SynAck.Wire.Tcp.TcpOptionLayout.FreeBsd, freeBsd.SynOptionLayout);
        Assert.Equal((65536, 32768, true), (freeBsd.ReceiveBufferSize, freeBsd.SendBufferSize, freeBsd.RoundReceiveBufferToMss));
        Assert.Contains("FreeBSD", freeBsd.DefinedSymbols);
        Assert.Same(DrillSettings.None, DrillSettings.For(DrillProfile.SynAck));
        Assert.Null(DrillSettings.None.SynOptionLayout);
    }
}
