using System.Net;
using SynAck.InMemory;
using SynAck.Runtime;
using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Tests.Stack;

/// <summary>
/// The seed's client and server (<see cref="InMemoryStackPair"/>) in a simulation, with a trace
/// recorder and helpers that read like the scenario: listen, connect, accept.
/// </summary>
internal sealed class StackTestBed
{
    public const int Port = 80;

    public StackTestBed(int seed = 1, PathOptions? path = null, TcpConnectionOptions? connectionOptions = null, PathOptions? serverToClient = null, bool trustChecksums = false, bool trace = true, string clientName = "client", string serverName = "server")
    {
        Simulation = new Simulation(new SimulationOptions { Seed = seed, TimeLimit = TimeSpan.FromHours(2) });
        Trace = new TraceRecorder();
        path ??= new PathOptions { Latency = TimeSpan.FromMilliseconds(5) };
        Pair = InMemoryStackPair.Create(Simulation, new InMemoryStackPairOptions
        {
            Seed = seed,
            ClientName = clientName,
            ServerName = serverName,
            ClientToServer = path,
            ServerToClient = serverToClient ?? path,
            ConnectionOptions = connectionOptions,
            TraceObserver = trace ? Trace : null,
            TrustReceivedChecksums = trustChecksums,
        });
    }

    public Simulation Simulation { get; }

    public TraceRecorder Trace { get; }

    public InMemoryStackPair Pair { get; }

    public NetworkStack Client => Pair.Client;

    public NetworkStack Server => Pair.Server;

    public static IPEndPoint ServerEndPoint => new(InMemoryStackPair.ServerAddress, Port);

    public Task<TcpConnectionListener> ListenAsync(int backlog = 512, int port = Port, TcpConnectionOptions? options = null)
        => TcpConnectionListener.ListenAsync(new TcpListenerOptions
        {
            Stack = Server,
            ListenEndPoint = new IPEndPoint(InMemoryStackPair.ServerAddress, port),
            ListenBacklog = backlog,
            ConnectionOptions = options,
        }).AsTask();

    public Task<TcpConnection> ConnectAsync(int port = Port, CancellationToken cancellationToken = default, TcpConnectionOptions? options = null)
        => TcpConnection.ConnectAsync(new TcpClientConnectionOptions
        {
            Stack = Client,
            RemoteEndPoint = new IPEndPoint(InMemoryStackPair.ServerAddress, port),
            ConnectionOptions = options,
        }, cancellationToken).AsTask();

    /// <summary>Listens, connects and accepts: the two ends of one established connection.</summary>
    public async Task<(TcpConnectionListener Listener, TcpConnection Client, TcpConnection Server)> EstablishAsync()
    {
        var listener = await ListenAsync();
        var accept = listener.AcceptConnectionAsync().AsTask();
        var client = await ConnectAsync();
        var server = await accept;
        return (listener, client, server);
    }

    /// <summary>
    /// The wave with the client closing first: the server reads the end of the stream, closes, and
    /// the last ACK arrives, leaving the client in TIME_WAIT.
    /// </summary>
    public async Task CloseClientFirstAsync(TcpConnection client, TcpConnection server)
    {
        await client.CloseAsync();
        Assert.Equal(0, await server.GetStream().ReadAsync(new byte[1]));
        await server.CloseAsync();
        await DelayAsync(TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Lets virtual time pass inside a scenario.</summary>
    public Task DelayAsync(TimeSpan delay) => Task.Delay(delay, Simulation.Time);

    public void Run(Func<Task> scenario) => Simulation.Run(scenario);
}
