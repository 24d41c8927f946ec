namespace SynAck.Tcp.Tests;

public class TcpEventQueueTests
{
    [Fact]
    public void Events_come_out_in_order_and_a_full_queue_refuses_more()
    {
        var queue = new TcpEventQueue();
        for (var i = 0; i < TcpEventQueue.Capacity; i++)
        {
            Assert.True(queue.TryEnqueue(new TcpEvent(TcpEventKind.DataReadable, TimeSpan.FromTicks(i), TcpState.Established, TcpState.Established, TcpCauses.None, TcpError.None)));
        }

        Assert.False(queue.TryEnqueue(default));
        for (var i = 0; i < TcpEventQueue.Capacity; i++)
        {
            Assert.True(queue.TryDequeue(out var e));
            Assert.Equal(TimeSpan.FromTicks(i), e.Time);
        }

        Assert.False(queue.TryDequeue(out _));
    }
}
