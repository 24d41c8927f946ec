using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Tests.Stack;

/// <summary>RFC 6056 ephemeral ports: in Linux's range, not sequential, repeatable under one seed.</summary>
public sealed class EphemeralPortTests
{
    [Fact]
    public void Ephemeral_ports_lie_in_32768_to_60999_are_distinct_and_start_at_a_secret_offset()
    {
        var ports = ConnectMany(seed: 5, count: 20);

        Assert.All(ports, port => Assert.InRange(port, EphemeralPorts.First, EphemeralPorts.Last));
        Assert.Equal(ports.Count, ports.Distinct().Count());

        // Algorithm 3 moves a shared counter by one per search, so within one destination the
        // ports follow on from a secret offset: the offset itself must differ between secrets.
        Assert.NotEqual(ports[0], ConnectMany(seed: 6, count: 1)[0]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_ports()
        => Assert.Equal(ConnectMany(seed: 9, count: 5), ConnectMany(seed: 9, count: 5));

    [Fact]
    public void The_offset_depends_on_the_destination()
    {
        var ports = new EphemeralPorts(1, 2);
        var a = ports.Offset(Wire.Ip.IpAddress.Parse("192.0.2.1"), Wire.Ip.IpAddress.Parse("192.0.2.2"), 80);
        var b = ports.Offset(Wire.Ip.IpAddress.Parse("192.0.2.1"), Wire.Ip.IpAddress.Parse("192.0.2.2"), 443);
        var c = ports.Offset(Wire.Ip.IpAddress.Parse("192.0.2.1"), Wire.Ip.IpAddress.Parse("192.0.2.3"), 80);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(a, new EphemeralPorts(1, 2).Offset(Wire.Ip.IpAddress.Parse("192.0.2.1"), Wire.Ip.IpAddress.Parse("192.0.2.2"), 80));
    }

    private static List<int> ConnectMany(int seed, int count)
    {
        var bed = new StackTestBed(seed: seed, trace: false);
        var ports = new List<int>();
        bed.Run(async () =>
        {
            await bed.ListenAsync();
            for (var i = 0; i < count; i++)
            {
                TcpConnection connection = await bed.ConnectAsync();
                ports.Add(connection.LocalEndPoint.Port);
            }
        });
        return ports;
    }
}
