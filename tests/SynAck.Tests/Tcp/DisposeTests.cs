using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Tests.Stack;
using SynAck.Wire;

namespace SynAck.Tests.Tcp;

/// <summary>What disposing a connection, a listener and a stack does.</summary>
public sealed class DisposeTests
{
    [Fact]
    public void Disposing_a_connection_whose_data_was_all_read_closes_it_with_FIN_not_RST()
    {
        var bed = new StackTestBed();
        var endOfStream = -1;
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();
            await server.GetStream().WriteAsync("bye"u8.ToArray());
            var buffer = new byte[8];
            Assert.Equal(3, await client.GetStream().ReadAsync(buffer));
            await client.DisposeAsync();
            endOfStream = await server.GetStream().ReadAsync(buffer);
        });

        Assert.Equal(0, endOfStream);
        var sent = bed.Trace.SentBy("client");
        Assert.Contains(sent, s => s.Has(TcpFlags.Fin));
        Assert.DoesNotContain(sent, s => s.Has(TcpFlags.Rst));
    }

    [Fact]
    public void Disposing_a_connection_with_unread_data_resets_it_as_Linux_does()
    {
        var bed = new StackTestBed();
        TcpException? serverFailure = null;
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();
            await server.GetStream().WriteAsync("unread"u8.ToArray());
            await bed.DelayAsync(TimeSpan.FromMilliseconds(50));
            await client.DisposeAsync();
            serverFailure = await Assert.ThrowsAsync<TcpException>(() => server.GetStream().ReadAsync(new byte[8]).AsTask());
        });

        // RFC 9293 SHLD-3 / Linux: closing with unread data sends RST, and the peer sees a reset.
        Assert.Equal(TcpError.ConnectionReset, serverFailure!.Error);
        Assert.Contains(bed.Trace.SentBy("client"), s => s.Has(TcpFlags.Rst));
    }

    [Fact]
    public void Using_a_disposed_connection_or_stream_throws_ObjectDisposedException()
    {
        var bed = new StackTestBed();
        bed.Run(async () =>
        {
            var (_, client, _) = await bed.EstablishAsync();
            var stream = client.GetStream();
            await stream.DisposeAsync();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.ReadAsync(new byte[1]).AsTask());
            await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.WriteAsync(new byte[1]).AsTask());
            Assert.Throws<ObjectDisposedException>(client.GetStream);
            Assert.False(stream.CanRead);
        });
    }

    [Fact]
    public void Disposing_a_listener_fails_a_pending_accept_and_resets_connections_nobody_accepted()
    {
        var bed = new StackTestBed();
        TcpException? clientFailure = null;
        bed.Run(async () =>
        {
            var listener = await bed.ListenAsync();
            var client = await bed.ConnectAsync();
            await bed.DelayAsync(TimeSpan.FromMilliseconds(50));
            await listener.DisposeAsync();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => listener.AcceptConnectionAsync().AsTask());
            clientFailure = await Assert.ThrowsAsync<TcpException>(() => client.GetStream().ReadAsync(new byte[1]).AsTask());

            // The port is free again, and new SYNs are refused.
            await Assert.ThrowsAsync<TcpException>(() => bed.ConnectAsync());
        });

        Assert.Equal(TcpError.ConnectionReset, clientFailure!.Error);
    }

    [Fact]
    public void Disposing_the_stack_aborts_its_connections_and_the_peers_see_resets()
    {
        var bed = new StackTestBed();
        TcpException? localFailure = null;
        TcpException? peerFailure = null;
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();
            var pendingRead = client.GetStream().ReadAsync(new byte[1]).AsTask();
            await bed.Client.DisposeAsync();
            localFailure = await Assert.ThrowsAsync<TcpException>(() => pendingRead);
            peerFailure = await Assert.ThrowsAsync<TcpException>(() => server.GetStream().ReadAsync(new byte[1]).AsTask());
            Assert.Throws<ObjectDisposedException>(() => bed.Client.AddInterface(bed.Pair.Link.A, new NetworkInterfaceOptions()));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => bed.ConnectAsync());
        });

        Assert.Equal(TcpError.ConnectionAborted, localFailure!.Error);
        Assert.Equal(TcpError.ConnectionReset, peerFailure!.Error);
        Assert.Equal(TcpState.Closed, bed.Trace.States("client")[^1]);
    }
}
