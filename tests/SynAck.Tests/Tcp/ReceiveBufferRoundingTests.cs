using SynAck.Tcp;
using SynAck.Tests.Stack;

namespace SynAck.Tests.Tcp;

/// <summary>The public option that rounds the receive buffer to whole segments, end to end between two stacks.</summary>
public sealed class ReceiveBufferRoundingTests
{
    [Theory]
    [InlineData(true, 65700)]
    [InlineData(false, 65536)]
    public void Both_ends_round_their_receive_buffer_to_whole_segments_only_when_asked(bool round, int expected)
    {
        // MSS 1460 on both sides of the 1500-byte in-memory link: 65536 rounds up to 45 segments.
        var options = new TcpConnectionOptions { ReceiveBufferSize = 65536, RoundReceiveBufferToWholeSegments = round };
        var bed = new StackTestBed(seed: 5, connectionOptions: options);
        int clientBuffer = 0, serverBuffer = 0;
        bed.Run(async () =>
        {
            var (listener, client, server) = await bed.EstablishAsync();
            clientBuffer = client.Tcb.ReceiveBufferSize;
            serverBuffer = server.Tcb.ReceiveBufferSize;
            await client.DisposeAsync();
            await server.DisposeAsync();
            await listener.DisposeAsync();
        });

        Assert.Equal((expected, expected), (clientBuffer, serverBuffer));
    }
}
