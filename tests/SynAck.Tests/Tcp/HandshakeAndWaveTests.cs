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
}
