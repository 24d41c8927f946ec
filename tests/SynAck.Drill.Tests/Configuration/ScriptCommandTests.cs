using System.Net.NetworkInformation;
using System.Net.Sockets;
using SynAck.Drill.Configuration;

namespace SynAck.Drill.Tests.Configuration;

public sealed class ScriptCommandTests
{
    [Fact]
    public void A_sysctl_line_lists_its_assignments()
    {
        var command = Assert.IsType<SysctlCommand>(ScriptCommand.Classify("sysctl -w net.inet.tcp.insecure_rst=1 net.inet.tcp.insecure_syn=0"));

        Assert.Equal(
            [new("net.inet.tcp.insecure_rst", "1"), new KeyValuePair<string, string>("net.inet.tcp.insecure_syn", "0")],
            command.Assignments);
    }

    [Theory]
    [InlineData("sockstat -4 -P tcp -p 8080 -s | grep -c SYN_RCVD | grep 0", AddressFamily.InterNetwork, 8080, "SYN_RCVD", TcpState.SynReceived, 0)]
    [InlineData("sockstat -6 -P tcp -s -p 8080 | grep -c SYN_RCVD | grep 1", AddressFamily.InterNetworkV6, 8080, "SYN_RCVD", TcpState.SynReceived, 1)]
    [InlineData("sockstat -4 -P tcp -s | grep packetdril | grep -c TIME_WAIT | grep 1", AddressFamily.InterNetwork, null, "TIME_WAIT", TcpState.TimeWait, 1)]
    [InlineData("sockstat -6 -P tcp -s | grep packetdril | grep -c CLOSED | grep 1", AddressFamily.InterNetworkV6, null, "CLOSED", TcpState.Closed, 1)]
    public void The_suites_sockstat_pipelines_are_state_checks(string line, AddressFamily family, int? port, string name, TcpState state, int count)
    {
        Assert.Equal(new SocketStateCheck(family, port, name, state, count), ScriptCommand.Classify(line));
    }

    [Fact]
    public void Tcpdrop_by_state_drops_connections_in_that_state()
    {
        Assert.Equal(new DropConnectionsCommand("TIME_WAIT", TcpState.TimeWait), ScriptCommand.Classify("tcpdrop -s TIME_WAIT"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ifconfig tun0 up")]
    [InlineData("sysctl net.inet.tcp.insecure_rst")]
    [InlineData("sysctl -w novalue")]
    [InlineData("sockstat -4 -P udp -s | grep -c TIME_WAIT | grep 1")]
    [InlineData("sockstat -4 -P tcp -s | grep -c NOT_A_STATE | grep 1")]
    [InlineData("sockstat -4 -P tcp -s | wc -l")]
    [InlineData("tcpdrop 192.0.2.1 8080 192.0.2.2 40000")]
    public void Anything_else_is_unknown_and_kept_as_written(string line)
    {
        Assert.Equal(new UnknownCommand(line), ScriptCommand.Classify(line));
    }

    [Fact]
    public void Every_command_of_the_FreeBSD_suite_is_recognised()
    {
        var commands = Conformance.ConformanceScripts.FreeBsdCommands().Distinct().ToList();

        Assert.Equal(30, commands.Count);

        Assert.All(commands, command => Assert.IsNotType<UnknownCommand>(ScriptCommand.Classify(command)));
    }
}
