using System.Net;
using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Tests.Tcp;

/// <summary>Real-time mode: each stack on its own thread, the test on the thread pool.</summary>
public sealed class RealTimeTests
{
    /// <summary>Only a guard against a hang; nothing is asserted about time.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_transfer_works_across_threads_on_thread_event_loops()
    {
        const long Bytes = 4L * 1000 * 1000;
        await using var pair = InMemoryStackPair.CreateRealTime(new InMemoryStackPairOptions { Seed = 11 });
        await using var listener = await TcpConnectionListener.ListenAsync(new TcpListenerOptions
        {
            Stack = pair.Server,
            ListenEndPoint = new IPEndPoint(IPAddress.Any, 8080),
        });
        var accept = listener.AcceptConnectionAsync().AsTask();
        await using var client = await TcpConnection.ConnectAsync(new TcpClientConnectionOptions
        {
            Stack = pair.Client,
            RemoteEndPoint = new IPEndPoint(InMemoryStackPair.ServerAddress, 8080),
        }).AsTask().WaitAsync(HangGuard);
        await using var server = await accept.WaitAsync(HangGuard);

        var transfer = Task.WhenAll(
            BulkTransfer.SendAsync(client.GetStream(), Bytes, streamId: 1),
            BulkTransfer.SendAsync(server.GetStream(), Bytes, streamId: 2),
            BulkTransfer.ReceiveAsync(server.GetStream(), streamId: 1).ContinueWith(t => Assert.Equal(Bytes, t.Result), TaskScheduler.Default),
            BulkTransfer.ReceiveAsync(client.GetStream(), streamId: 2).ContinueWith(t => Assert.Equal(Bytes, t.Result), TaskScheduler.Default));
        await transfer.WaitAsync(HangGuard);

        // The blocking Stream methods work off the loop threads.
        var stream = client.GetStream();
        Assert.Equal(0, stream.Read(new byte[8], 0, 8));
        Assert.Throws<InvalidOperationException>(() => stream.Write([1], 0, 1));
    }
}
