using System.Net;
using SynAck.InMemory;
using SynAck.Links;
using SynAck.Stack;
using SynAck.Tcp;
using static SynAck.Tcp.TcpState;

namespace SynAck.Tests.Stack;

/// <summary>Listeners: several ports (MUST-42), wildcard addresses, port 0, and the backlog.</summary>
public sealed class ListenerTests
{
    [Fact]
    public void Several_listeners_on_different_ports_each_get_their_own_connections()
    {
        var bed = new StackTestBed();
        var ports = new List<int>();
        bed.Run(async () =>
        {
            var web = await bed.ListenAsync(port: 80);
            var mail = await bed.ListenAsync(port: 25);
            var toMail = await bed.ConnectAsync(port: 25);
            var toWeb = await bed.ConnectAsync(port: 80);
            var atWeb = await web.AcceptConnectionAsync();
            var atMail = await mail.AcceptConnectionAsync();
            ports.Add(atWeb.LocalEndPoint.Port);
            ports.Add(atMail.LocalEndPoint.Port);
            Assert.Equal(toWeb.LocalEndPoint, atWeb.RemoteEndPoint);
            Assert.Equal(toMail.LocalEndPoint, atMail.RemoteEndPoint);
        });

        Assert.Equal([80, 25], ports);
    }

    [Fact]
    public void A_wildcard_listener_accepts_on_every_address_of_its_family_and_port_0_picks_an_ephemeral_port()
    {
        var bed = new StackTestBed();
        IPEndPoint? local = null;
        int listenPort = 0;
        bed.Run(async () =>
        {
            var listener = await TcpConnectionListener.ListenAsync(new TcpListenerOptions { Stack = bed.Server, ListenEndPoint = new IPEndPoint(IPAddress.Any, 0) });
            listenPort = listener.LocalEndPoint.Port;
            var accept = listener.AcceptConnectionAsync().AsTask();
            await TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = bed.Client, RemoteEndPoint = new IPEndPoint(InMemoryStackPair.ServerAddress, listenPort) });
            local = (await accept).LocalEndPoint;
        });

        Assert.InRange(listenPort, EphemeralPorts.First, EphemeralPorts.Last);
        Assert.Equal(new IPEndPoint(InMemoryStackPair.ServerAddress, listenPort), local);
    }

    [Fact]
    public void Connections_run_over_IPv6_too()
    {
        var bed = new StackTestBed();
        var echoed = new byte[5];
        bed.Run(async () =>
        {
            var listener = await TcpConnectionListener.ListenAsync(new TcpListenerOptions { Stack = bed.Server, ListenEndPoint = new IPEndPoint(IPAddress.IPv6Any, 443) });
            var accept = listener.AcceptConnectionAsync().AsTask();
            var client = await TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = bed.Client, RemoteEndPoint = new IPEndPoint(InMemoryStackPair.ServerAddressV6, 443) });
            var server = await accept;
            Assert.Equal(InMemoryStackPair.ClientAddressV6, client.LocalEndPoint.Address);
            await client.GetStream().WriteAsync("hello"u8.ToArray());
            await server.GetStream().ReadExactlyAsync(echoed);
        });

        Assert.Equal("hello"u8.ToArray(), echoed);
        // The IPv6 SYN advertises the MTU less 40 bytes of IPv6 and 20 of TCP header, SACK-permitted and timestamps.
        Assert.Matches(@"^mss 1440,sackOK,TS val \d+ ecr 0,nop,wscale 2$", bed.Trace.SentBy("client")[0].Options);
    }

    [Fact]
    public void A_full_accept_queue_drops_new_SYNs_and_counts_them_until_an_accept_makes_room()
    {
        var bed = new StackTestBed();
        TcpState lateState = Closed;
        bed.Run(async () =>
        {
            var listener = await bed.ListenAsync(backlog: 2);
            await bed.ConnectAsync();
            await bed.ConnectAsync();
            await bed.DelayAsync(TimeSpan.FromMilliseconds(50));

            // The accept queue holds 2: a third SYN is dropped (no RST), and its retransmission
            // 1 s later is dropped again while nobody accepts.
            var late = bed.ConnectAsync();
            await bed.DelayAsync(TimeSpan.FromMilliseconds(1500));
            Assert.False(late.IsCompleted);
            Assert.Equal(2, bed.Server.GetStatistics().TcpListenOverflows);

            // Accepting makes room: the next retransmitted SYN (3 s after the first) gets through.
            await listener.AcceptConnectionAsync();
            lateState = (await late).State;
            Assert.Equal(2, bed.Server.GetStatistics().TcpListenOverflows);
        });

        Assert.Equal(Established, lateState);
        var statistics = bed.Server.GetStatistics();
        Assert.Equal(statistics.TcpListenOverflows, statistics.TcpListenDrops);
        Assert.Equal(0, statistics.TcpOutRsts);
        Assert.Equal(3, statistics.TcpPassiveOpens);
    }

    [Fact]
    public void A_full_SYN_queue_drops_SYNs_of_further_half_open_connections()
    {
        // The server's SYN+ACKs are lost, so connections stay half-open in the SYN queue.
        var bed = new StackTestBed(path: new PathOptions(), serverToClient: new PathOptions { Faults = new FaultOptions { LossProbability = 1 } });
        bed.Run(async () =>
        {
            await bed.ListenAsync(backlog: 3);
            var attempts = Enumerable.Range(0, 5).Select(_ => bed.ConnectAsync()).ToList();
            await bed.DelayAsync(TimeSpan.FromMilliseconds(100));
        });

        var statistics = bed.Server.GetStatistics();
        Assert.Equal(3, statistics.TcpPassiveOpens);
        Assert.Equal(2, statistics.TcpListenDrops);
        Assert.Equal(0, statistics.TcpListenOverflows);
    }

    [Fact]
    public void Closing_a_listener_forgets_its_half_open_connections_without_a_reset()
    {
        // Linux drops its request sockets and FreeBSD its syncache entries silently when the
        // listener closes; only connections that completed the handshake are reset.
        var bed = new StackTestBed(path: new PathOptions(), serverToClient: new PathOptions { Faults = new FaultOptions { LossProbability = 1 } });
        IReadOnlyList<TcpConnectionInfo>? left = null;
        bed.Run(async () =>
        {
            var listener = await bed.ListenAsync(backlog: 3);
            var attempts = Enumerable.Range(0, 2).Select(_ => bed.ConnectAsync()).ToList();
            await bed.DelayAsync(TimeSpan.FromMilliseconds(100));
            await listener.DisposeAsync();
            left = await bed.Server.GetConnectionsAsync();
        });

        var statistics = bed.Server.GetStatistics();
        Assert.Equal(2, statistics.TcpPassiveOpens);
        Assert.Equal(0, statistics.TcpOutRsts);
        Assert.Empty(left!);
    }
}
