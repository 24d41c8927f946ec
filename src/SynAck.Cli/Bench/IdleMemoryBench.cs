using System.Net;
using SynAck.Runtime;
using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Cli.Bench;

/// <summary>
/// Memory per idle established connection: the growth of the GC heap, after a full collection,
/// from before the connections were opened to when they are all established and idle, divided by
/// their number. Both ends live in this process, so a connection opened by the client counts twice
/// (its end in each stack): <c>--connections N</c> opens N/2 of them.
/// </summary>
internal static class IdleMemoryBench
{
    /// <summary>Establishes <paramref name="connections"/> connection ends (an even number) and measures the heap.</summary>
    public static IdleMemoryResult Run(int connections, IProgress<double>? progress)
    {
        var pairs = connections / 2;
        var simulation = new Simulation(new SimulationOptions { Seed = 1, TimeLimit = TimeSpan.FromDays(1) });
        var pair = InMemoryStackPair.Create(simulation, new InMemoryStackPairOptions { Seed = 1 });
        var endPoint = new IPEndPoint(InMemoryStackPair.ServerAddress, 80);
        var listener = simulation.Run(async () => await TcpConnectionListener.ListenAsync(new TcpListenerOptions { Stack = pair.Server, ListenEndPoint = endPoint, ListenBacklog = 4096 }));
        var held = new List<TcpConnection>(connections);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        simulation.Run(async () =>
        {
            for (var i = 0; i < pairs; i++)
            {
                var accept = listener.AcceptConnectionAsync();
                held.Add(await TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = pair.Client, RemoteEndPoint = endPoint }));
                held.Add(await accept);
                progress?.Report((double)(i + 1) / pairs);
            }
        });
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);

        simulation.Run(async () =>
        {
            await listener.DisposeAsync();
            await pair.DisposeAsync();
        });
        return new IdleMemoryResult(held.Count, (after - before) / (double)held.Count);
    }
}
