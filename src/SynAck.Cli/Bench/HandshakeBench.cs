using System.Diagnostics;
using System.Net;
using SynAck.Runtime;
using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Cli.Bench;

/// <summary>
/// Handshake rate: whole connections (connect, one byte each way, the client closes first, the
/// server closes), with every client end left in TIME_WAIT as a real client's would be. Both stacks
/// run in one simulation, so the figure is the stacks' own cost per connection on one thread, with
/// no thread hops and no network delay; it is measured by the wall clock.
/// </summary>
internal static class HandshakeBench
{
    private const int Parallel = 16;

    /// <summary>Opens, uses and closes <paramref name="connections"/> connections.</summary>
    public static HandshakesResult Run(int connections, IProgress<double>? progress)
    {
        var simulation = new Simulation(new SimulationOptions { Seed = 1, TimeLimit = TimeSpan.FromDays(1) });
        var pair = InMemoryStackPair.Create(simulation, new InMemoryStackPairOptions { Seed = 1, TrustReceivedChecksums = true });
        var endPoint = new IPEndPoint(InMemoryStackPair.ServerAddress, 80);
        var done = 0;
        var stopwatch = Stopwatch.StartNew();
        simulation.Run(async () =>
        {
            await using var listener = await TcpConnectionListener.ListenAsync(new TcpListenerOptions { Stack = pair.Server, ListenEndPoint = endPoint, ListenBacklog = 4096 });
            var serving = ServeAsync(listener, connections);
            var next = 0;
            var clients = Enumerable.Range(0, Parallel).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= connections)
                {
                    await ClientAsync(pair.Client, endPoint);
                    progress?.Report((double)++done / connections);
                }
            });
            await Task.WhenAll(clients);
            await serving;
        });
        stopwatch.Stop();
        simulation.Run(async () => await pair.DisposeAsync());
        return new HandshakesResult(connections, connections / stopwatch.Elapsed.TotalSeconds);
    }

    private static async Task ClientAsync(NetworkStack stack, IPEndPoint endPoint)
    {
        var buffer = new byte[1];
        await using var connection = await TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = stack, RemoteEndPoint = endPoint });
        var stream = connection.GetStream();
        await stream.WriteAsync(buffer);
        await stream.ReadExactlyAsync(buffer);
        await connection.CloseAsync();
    }

    private static async Task ServeAsync(TcpConnectionListener listener, int connections)
    {
        var served = new List<Task>(connections);
        for (var i = 0; i < connections; i++)
        {
            served.Add(ServeOneAsync(await listener.AcceptConnectionAsync()));
        }

        await Task.WhenAll(served);
    }

    private static async Task ServeOneAsync(TcpConnection connection)
    {
        await using (connection)
        {
            var buffer = new byte[1];
            var stream = connection.GetStream();
            await stream.ReadExactlyAsync(buffer);
            await stream.WriteAsync(buffer);
            while (await stream.ReadAsync(buffer) > 0)
            {
            }

            await connection.CloseAsync();
        }
    }
}
