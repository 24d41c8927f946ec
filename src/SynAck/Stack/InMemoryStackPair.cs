using System.Net;
using Microsoft.Extensions.Logging;
using SynAck.Diagnostics;
using SynAck.InMemory;
using SynAck.Runtime;
using SynAck.Tcp;

namespace SynAck.Stack;

/// <summary>
/// Two stacks on an in-memory network, the seed's client and server: "client" at 192.0.2.1 and
/// 2001:db8::1, "server" at 192.0.2.2 and 2001:db8::2 (documentation ranges, /24 and /64 on one
/// point-to-point link). In a simulation both stacks and the network run in virtual time,
/// deterministically; in real time each stack has its own thread.
/// </summary>
public sealed class InMemoryStackPair : IAsyncDisposable
{
    private InMemoryStackPair(InMemoryNetwork network, PointToPointLink link, NetworkStack client, NetworkStack server)
    {
        Network = network;
        Link = link;
        Client = client;
        Server = server;
    }

    /// <summary>The client's IPv4 address, 192.0.2.1.</summary>
    public static IPAddress ClientAddress { get; } = IPAddress.Parse("192.0.2.1");

    /// <summary>The server's IPv4 address, 192.0.2.2.</summary>
    public static IPAddress ServerAddress { get; } = IPAddress.Parse("192.0.2.2");

    /// <summary>The client's IPv6 address, 2001:db8::1.</summary>
    public static IPAddress ClientAddressV6 { get; } = IPAddress.Parse("2001:db8::1");

    /// <summary>The server's IPv6 address, 2001:db8::2.</summary>
    public static IPAddress ServerAddressV6 { get; } = IPAddress.Parse("2001:db8::2");

    /// <summary>The network.</summary>
    public InMemoryNetwork Network { get; }

    /// <summary>The link: A is the client's end, B the server's.</summary>
    public PointToPointLink Link { get; }

    /// <summary>The client's stack.</summary>
    public NetworkStack Client { get; }

    /// <summary>The server's stack.</summary>
    public NetworkStack Server { get; }

    /// <summary>Creates the pair in a simulation (virtual time, deterministic for a given seed).</summary>
    /// <param name="simulation">The simulation both stacks and the network run in.</param>
    /// <param name="options">Names, paths, observers and settings; defaults when null.</param>
    /// <returns>The pair.</returns>
    public static InMemoryStackPair Create(Simulation simulation, InMemoryStackPairOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        options ??= new InMemoryStackPairOptions();
        var joiner = JoinerFor(options);
        var network = new InMemoryNetwork(simulation.Time, options.Seed ?? simulation.Seed) { Observer = (IPacketObserver?)joiner ?? options.PacketObserver };
        return Build(network, options, (name, index) => new NetworkStackOptions
        {
            Name = name,
            Simulation = simulation,
            Seed = options.Seed is { } seed ? SeedMixer.Derive(seed, index) : null,
            LoggerFactory = options.LoggerFactory,
            TraceObserver = joiner,
            PeerNames = PeerNamesFor(index, options),
            DefaultConnectionOptions = options.ConnectionOptions ?? TcpConnectionOptions.Default,
        });
    }

    /// <summary>
    /// Creates the pair in real time: the network on <paramref name="time"/> (the system clock by
    /// default) and each stack on its own <see cref="ThreadEventLoop"/>.
    /// </summary>
    /// <param name="options">Names, paths, observers and settings; defaults when null.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    /// <returns>The pair.</returns>
    public static InMemoryStackPair CreateRealTime(InMemoryStackPairOptions? options = null, TimeProvider? time = null)
    {
        options ??= new InMemoryStackPairOptions();
        time ??= TimeProvider.System;
        var joiner = JoinerFor(options);
        var network = new InMemoryNetwork(time, options.Seed ?? 0) { Observer = (IPacketObserver?)joiner ?? options.PacketObserver };
        return Build(network, options, (name, index) => new NetworkStackOptions
        {
            Name = name,
            TimeProvider = time,
            Seed = options.Seed is { } seed ? SeedMixer.Derive(seed, index) : null,
            LoggerFactory = options.LoggerFactory,
            TraceObserver = joiner,
            PeerNames = PeerNamesFor(index, options),
            DefaultConnectionOptions = options.ConnectionOptions ?? TcpConnectionOptions.Default,
        });
    }

    /// <summary>Disposes both stacks (aborting what is left) and the network.</summary>
    /// <returns>A task that completes when both stacks have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
        Network.Dispose();
    }

    /// <summary>The stacks' event stream with the network's losses folded in, for the options' observers; null when nobody traces.</summary>
    private static SegmentFateJoiner? JoinerFor(InMemoryStackPairOptions options)
        => options.TraceObserver is { } trace ? new SegmentFateJoiner(trace, options.PacketObserver) : null;

    /// <summary>Each stack names the other's addresses after the other stack, so traces read "client" and "server".</summary>
    private static Dictionary<IPAddress, string> PeerNamesFor(int index, InMemoryStackPairOptions options) => index == 1
        ? new() { [ServerAddress] = options.ServerName, [ServerAddressV6] = options.ServerName }
        : new() { [ClientAddress] = options.ClientName, [ClientAddressV6] = options.ClientName };

    private static InMemoryStackPair Build(InMemoryNetwork network, InMemoryStackPairOptions options, Func<string, int, NetworkStackOptions> stackOptions)
    {
        var link = network.Connect(options.ClientName, options.ServerName, options.ClientToServer, options.ServerToClient);
        var client = new NetworkStack(stackOptions(options.ClientName, 1));
        var server = new NetworkStack(stackOptions(options.ServerName, 2));
        client.AddInterface(options.WrapClientLink?.Invoke(link.A) ?? link.A, new NetworkInterfaceOptions
        {
            Addresses = [new InterfaceAddress(ClientAddress, 24), new InterfaceAddress(ClientAddressV6, 64)],
            TrustReceivedChecksums = options.TrustReceivedChecksums,
        });
        server.AddInterface(link.B, new NetworkInterfaceOptions
        {
            Addresses = [new InterfaceAddress(ServerAddress, 24), new InterfaceAddress(ServerAddressV6, 64)],
            TrustReceivedChecksums = options.TrustReceivedChecksums,
        });
        return new InMemoryStackPair(network, link, client, server);
    }
}

/// <summary>How an <see cref="InMemoryStackPair"/> is built.</summary>
public sealed class InMemoryStackPairOptions
{
    /// <summary>The client stack's name (its column in a ladder diagram). Default "client".</summary>
    public string ClientName { get; init; } = "client";

    /// <summary>The server stack's name. Default "server".</summary>
    public string ServerName { get; init; } = "server";

    /// <summary>The path from client to server. Default: ideal, MTU 1500.</summary>
    public PathOptions ClientToServer { get; init; } = PathOptions.Ideal;

    /// <summary>The path from server to client. Default: ideal, MTU 1500.</summary>
    public PathOptions ServerToClient { get; init; } = PathOptions.Ideal;

    /// <summary>The seed of the network's faults and the stacks' secrets. Default null: the simulation's seed (0 in real time) for the faults, the simulation for the secrets.</summary>
    public int? Seed { get; init; }

    /// <summary>Settings of every connection. Default: <see cref="TcpConnectionOptions.Default"/>.</summary>
    public TcpConnectionOptions? ConnectionOptions { get; init; }

    /// <summary>
    /// Receives both stacks' segments and state changes (the client's column is <see cref="ClientName"/>,
    /// the server's <see cref="ServerName"/>), one event per segment put on the link in the order
    /// sent, with <see cref="SegmentTrace.Lost"/> set on those the network lost. Default none.
    /// </summary>
    public ITraceObserver? TraceObserver { get; init; }

    /// <summary>Sees every packet on the network, lost ones included. Default none.</summary>
    public IPacketObserver? PacketObserver { get; init; }

    /// <summary>
    /// Wraps the client's end of the link before the client's stack gets it, e.g. in a
    /// <see cref="Links.PcapTapLink"/> that captures what the client sends and receives, as tcpdump
    /// on the client would. The stack owns and disposes what this returns. Default null: no wrapper.
    /// </summary>
    public Func<Links.ILink, Links.ILink>? WrapClientLink { get; init; }

    /// <summary>Where logs go. Default nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Whether the stacks skip verifying received TCP checksums (only for paths without corruption). Default false.</summary>
    public bool TrustReceivedChecksums { get; init; }
}
