using System.Net;
using SynAck.Runtime;
using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Wire;
using static SynAck.Tcp.TcpState;

namespace SynAck.Tests.Stack;

/// <summary>Listing a stack's connections (netstat, sockstat) and dropping one (tcpdrop).</summary>
public sealed class InspectionTests
{
    [Fact]
    public void The_list_shows_both_ends_with_their_states_and_who_holds_them()
    {
        var bed = new StackTestBed();
        IReadOnlyList<TcpConnectionInfo> server = [], client = [];
        TcpConnection? connected = null;
        bed.Run(async () =>
        {
            var listener = await bed.ListenAsync();
            connected = await bed.ConnectAsync();
            await bed.DelayAsync(TimeSpan.FromMilliseconds(50));
            server = await bed.Server.GetConnectionsAsync();
            client = await bed.Client.GetConnectionsAsync();
        });

        var waiting = Assert.Single(server);
        Assert.Equal(Established, waiting.State);
        Assert.False(waiting.IsOwnedByUser);
        Assert.Equal(StackTestBed.ServerEndPoint, waiting.LocalEndPoint);
        Assert.Equal(connected!.LocalEndPoint, waiting.RemoteEndPoint);
        var mine = Assert.Single(client);
        Assert.Equal(new TcpConnectionInfo(connected.LocalEndPoint, StackTestBed.ServerEndPoint, Established, IsOwnedByUser: true), mine);
    }

    [Fact]
    public void A_connection_the_application_closed_is_listed_in_TIME_WAIT_as_no_longer_held()
    {
        var bed = new StackTestBed();
        IReadOnlyList<TcpConnectionInfo> listed = [];
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();
            await bed.CloseClientFirstAsync(client, server);
            await client.DisposeAsync();
            listed = await bed.Client.GetConnectionsAsync();
        });

        var info = Assert.Single(listed);
        Assert.Equal((TimeWait, false), (info.State, info.IsOwnedByUser));
    }

    [Fact]
    public void A_half_open_connection_in_a_listeners_SYN_queue_is_listed_in_SYN_RECEIVED()
    {
        var simulation = new Simulation();
        var link = new TestLink();
        var stack = new NetworkStack(new NetworkStackOptions { Name = "server", Simulation = simulation, Seed = 3 });
        stack.AddInterface(link, new NetworkInterfaceOptions { Addresses = [InterfaceAddress.Parse("192.0.2.2/24")] });
        var listed = simulation.Run(async () =>
        {
            await using var listener = await TcpConnectionListener.ListenAsync(new TcpListenerOptions { Stack = stack, ListenEndPoint = new IPEndPoint(IPAddress.Parse("192.0.2.2"), 80) });
            link.Inject(Packets.Tcp("192.0.2.1", "192.0.2.2", 40000, 80, TcpFlags.Syn, 1000));
            await Task.Delay(TimeSpan.FromMilliseconds(10), simulation.Time);
            return await stack.GetConnectionsAsync();
        });

        var info = Assert.Single(listed);
        Assert.Equal(new TcpConnectionInfo(new IPEndPoint(IPAddress.Parse("192.0.2.2"), 80), new IPEndPoint(IPAddress.Parse("192.0.2.1"), 40000), SynReceived, IsOwnedByUser: false), info);
    }

    [Fact]
    public void Dropping_an_established_connection_resets_the_peer_and_fails_local_operations()
    {
        var bed = new StackTestBed();
        TcpException? readError = null;
        TcpException? peerError = null;
        var dropped = false;
        IReadOnlyList<TcpConnectionInfo> after = [];
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();
            var read = client.GetStream().ReadAsync(new byte[1]).AsTask();
            dropped = await bed.Client.DropConnectionAsync(client.LocalEndPoint, client.RemoteEndPoint);
            readError = await Assert.ThrowsAsync<TcpException>(() => read);
            peerError = await Assert.ThrowsAsync<TcpException>(() => server.GetStream().ReadAsync(new byte[1]).AsTask());
            after = await bed.Client.GetConnectionsAsync();
        });

        Assert.True(dropped);
        Assert.Equal(TcpError.ConnectionAborted, readError!.Error);
        Assert.Equal(TcpError.ConnectionReset, peerError!.Error);
        Assert.Empty(after);
        Assert.Contains(bed.Trace.SentBy("client"), s => s.Has(TcpFlags.Rst));
    }

    [Fact]
    public void Dropping_a_connection_in_TIME_WAIT_ends_it_without_a_segment()
    {
        var bed = new StackTestBed();
        var dropped = false;
        var sentBefore = 0;
        IReadOnlyList<TcpConnectionInfo> after = [];
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();
            await bed.CloseClientFirstAsync(client, server);
            Assert.Equal(TimeWait, client.State);
            sentBefore = bed.Trace.SentBy("client").Count;
            dropped = await bed.Client.DropConnectionAsync(client.LocalEndPoint, client.RemoteEndPoint);
            await bed.DelayAsync(TimeSpan.FromMilliseconds(50));
            after = await bed.Client.GetConnectionsAsync();
        });

        Assert.True(dropped);
        Assert.Empty(after);
        Assert.Equal(sentBefore, bed.Trace.SentBy("client").Count);
    }

    [Fact]
    public void Dropping_an_unknown_connection_returns_false()
    {
        var bed = new StackTestBed();
        var dropped = true;
        bed.Run(async () =>
        {
            dropped = await bed.Client.DropConnectionAsync(new IPEndPoint(InMemoryStackPair.ClientAddress, 1234), StackTestBed.ServerEndPoint);
        });

        Assert.False(dropped);
    }
}
