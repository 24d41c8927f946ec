using System.Net;
using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Tests.Stack;
using static SynAck.Tcp.TcpState;

namespace SynAck.Tests.Tcp;

/// <summary>The seed's two diagrams through the public API, with both ends' states from the event stream.</summary>
public sealed class HandshakeAndWaveTests
{
    [Fact]
    public void Connect_send_and_close_walk_both_ends_through_the_handshake_and_the_wave()
    {
        var bed = new StackTestBed();
        var received = new byte[64];
        var count = 0;
        var endOfStream = -1;
        bed.Run(async () =>
        {
            var (listener, client, server) = await bed.EstablishAsync();
            Assert.Equal(Established, client.State);
            Assert.Equal(Established, server.State);

            await client.GetStream().WriteAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray());
            count = await server.GetStream().ReadAsync(received);

            // The client closes first (FIN-WAIT-1, FIN-WAIT-2), the server reads the end and closes.
            await client.CloseAsync();
            Assert.Equal(FinWait2, client.State);
            endOfStream = await server.GetStream().ReadAsync(received.AsMemory(count));
            await server.CloseAsync();
            await bed.DelayAsync(TimeSpan.FromMilliseconds(50));
            Assert.Equal(TimeWait, client.State);
            Assert.Equal(Closed, server.State);

            // TIME-WAIT lasts 2*MSL (60 s by default).
            await bed.DelayAsync(TimeSpan.FromSeconds(61));
            Assert.Equal(Closed, client.State);
            await client.DisposeAsync();
            await server.DisposeAsync();
            await listener.DisposeAsync();
        });

        Assert.Equal("GET / HTTP/1.0\r\n\r\n", System.Text.Encoding.ASCII.GetString(received, 0, count));
        Assert.Equal(0, endOfStream);
        Assert.Equal([Closed, SynSent, Established, FinWait1, FinWait2, TimeWait, Closed], bed.Trace.States("client"));
        Assert.Equal([Closed, Listen, SynReceived, Established, CloseWait, LastAck, Closed], bed.Trace.States("server"));
    }

    [Fact]
    public void Both_ends_connecting_to_each_other_at_once_meet_in_a_simultaneous_open()
    {
        var bed = new StackTestBed();
        bed.Run(async () =>
        {
            // RFC 9293 §3.5 Figure 8: the SYNs cross, both ends pass through SYN-RECEIVED.
            var fromClient = Connect(bed.Client, local: new IPEndPoint(InMemoryStackPair.ClientAddress, 5000), remote: new IPEndPoint(InMemoryStackPair.ServerAddress, 6000));
            var fromServer = Connect(bed.Server, local: new IPEndPoint(InMemoryStackPair.ServerAddress, 6000), remote: new IPEndPoint(InMemoryStackPair.ClientAddress, 5000));
            var connections = await Task.WhenAll(fromClient, fromServer);
            Assert.All(connections, c => Assert.Equal(Established, c.State));
        });

        Assert.Equal([Closed, SynSent, SynReceived, Established], bed.Trace.States("client"));
        Assert.Equal([Closed, SynSent, SynReceived, Established], bed.Trace.States("server"));
    }

    [Fact]
    public void Both_ends_closing_at_once_meet_in_a_simultaneous_close()
    {
        var bed = new StackTestBed();
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();

            // RFC 9293 §3.6 Figure 13: the FINs cross, both ends pass through CLOSING to TIME-WAIT.
            await Task.WhenAll(client.CloseAsync().AsTask(), server.CloseAsync().AsTask());
            await bed.DelayAsync(TimeSpan.FromSeconds(61));
        });

        Assert.Equal([Closed, SynSent, Established, FinWait1, Closing, TimeWait, Closed], bed.Trace.States("client"));
        Assert.Equal([Closed, Listen, SynReceived, Established, FinWait1, Closing, TimeWait, Closed], bed.Trace.States("server"));
    }

    private static Task<TcpConnection> Connect(NetworkStack stack, IPEndPoint local, IPEndPoint remote)
        => TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = stack, LocalEndPoint = local, RemoteEndPoint = remote }).AsTask();
}
