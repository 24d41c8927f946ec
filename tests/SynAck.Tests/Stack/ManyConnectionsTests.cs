using SynAck.Tcp;

namespace SynAck.Tests.Stack;

/// <summary>Ten thousand connections at once between two stacks: O(1) demultiplexing and one timing wheel per stack.</summary>
public sealed class ManyConnectionsTests
{
    private const int Count = 10_000;

    [Fact]
    public void Ten_thousand_concurrent_connections_each_carry_their_own_bytes_and_close()
    {
        // Small buffers: 10 000 idle connections should not hold 128 KiB each.
        var options = new TcpConnectionOptions { SendBufferSize = 2048, ReceiveBufferSize = 2048 };
        var bed = new StackTestBed(connectionOptions: options, trace: false, trustChecksums: true);
        var echoed = 0;
        long establishedAtPeak = 0;
        bed.Run(async () =>
        {
            var listener = await bed.ListenAsync(backlog: Count);
            var connects = Enumerable.Range(0, Count).Select(_ => bed.ConnectAsync()).ToArray();
            var accepted = new TcpConnection[Count];
            for (var i = 0; i < Count; i++)
            {
                accepted[i] = await listener.AcceptConnectionAsync();
            }

            var clients = await Task.WhenAll(connects);
            establishedAtPeak = bed.Client.GetStatistics().TcpCurrEstab + bed.Server.GetStatistics().TcpCurrEstab;
            Assert.Equal(Count, clients.Select(c => c.LocalEndPoint.Port).Distinct().Count());

            // Each client sends its index; each server connection echoes what it got.
            var byPort = accepted.ToDictionary(c => c.RemoteEndPoint.Port);
            await Task.WhenAll(clients.Select((client, i) => client.GetStream().WriteAsync(BitConverter.GetBytes(i)).AsTask()));
            await Task.WhenAll(accepted.Select(async server =>
            {
                var buffer = new byte[4];
                await server.GetStream().ReadExactlyAsync(buffer);
                await server.GetStream().WriteAsync(buffer);
                await server.DisposeAsync();
            }));
            await Task.WhenAll(clients.Select(async (client, i) =>
            {
                var buffer = new byte[4];
                await client.GetStream().ReadExactlyAsync(buffer);
                if (BitConverter.ToInt32(buffer) == i)
                {
                    echoed++;
                }

                Assert.Equal(0, await client.GetStream().ReadAsync(buffer));
                await client.DisposeAsync();
            }));
            await bed.DelayAsync(TimeSpan.FromSeconds(1));
        });

        Assert.Equal(2L * Count, establishedAtPeak);
        Assert.Equal(Count, echoed);
        Assert.Equal(Count, bed.Server.GetStatistics().TcpPassiveOpens);
        Assert.Equal(0, bed.Client.GetStatistics().TcpCurrEstab);
        Assert.Equal(0, bed.Server.GetStatistics().TcpCurrEstab);
        Assert.Equal(0, bed.Client.GetStatistics().TcpRetransSegs);
    }
}
