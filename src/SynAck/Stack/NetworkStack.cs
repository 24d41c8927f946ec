using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SynAck.Diagnostics;
using SynAck.Links;
using SynAck.Runtime;
using SynAck.Tcp;
using SynAck.Timers;
using SynAck.Wire.Ip;

namespace SynAck.Stack;

/// <summary>
/// A user-space TCP/IP stack: one or more interfaces (links with IPv4 and IPv6 addresses), IP
/// input and output, TCP demultiplexing, listeners and connections, all run on one event loop.
/// Connections and listeners are made with <see cref="TcpConnection.ConnectAsync"/> and
/// <see cref="TcpConnectionListener.ListenAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// Everything the stack owns (connections, listeners, the timing wheel, the tables) is touched
/// only on its loop; public members may be called from any thread and are marshalled onto it.
/// Connection lookup is one hash of the 4-tuple, each connection has one entry in a timing wheel,
/// and a segment in steady state costs no allocation: the payload is copied by the TCP core into
/// the stack's transmit buffer behind room for the headers, which are written in front of it.
/// </para>
/// <para>
/// IP fragments are reassembled (with limits; drops counted in
/// <see cref="NetworkStackStatistics.IpReasmFails"/>), echo requests answered, and ICMP errors
/// delivered to the connection they quote. Not implemented yet: applying a smaller path MTU from
/// ICMP (Packet Too Big is ignored), IP options on output, forwarding, and a loopback interface.
/// </para>
/// </remarks>
public sealed partial class NetworkStack : IAsyncDisposable
{
    private readonly object _configurationGate = new();
    private readonly bool _ownsLoop;
    private readonly long _epoch;
    private readonly ILogger _logger;
    private readonly ITraceObserver? _trace;
    private readonly Dictionary<IpAddress, string>? _peerNames;
    private readonly StackCounters _counters = new();
    private readonly StackMetrics _metrics;
    private readonly InitialSequenceNumbers _initialSequenceNumbers;
    private readonly EphemeralPorts _ephemeralPorts;
    private readonly LoopTimerWheel<TcpConnection> _timers;
    private readonly Dictionary<ConnectionKey, TcpConnection> _connections = [];
    private readonly Dictionary<ListenerKey, TcpConnectionListener> _listeners = [];
    private volatile NetworkInterface[] _interfaces = [];
    private volatile HashSet<IpAddress> _localAddresses = [];
    private int _disposeState;
    private bool _disposedOnLoop;

    /// <summary>Creates a stack with no interface yet; add links with <see cref="AddInterface"/>.</summary>
    /// <param name="options">Name, loop or clock, logging, seed and defaults; all defaults when null.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NetworkStack(NetworkStackOptions? options = null)
    {
        options ??= new NetworkStackOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, nameof(options));
        ArgumentNullException.ThrowIfNull(options.DefaultConnectionOptions, nameof(options));
        if (options.HopLimit == 0)
        {
            throw new ArgumentException("HopLimit must be at least 1.", nameof(options));
        }

        options.DefaultConnectionOptions.Validate();
        Name = options.Name;
        DefaultConnectionOptions = options.DefaultConnectionOptions;
        HopLimit = options.HopLimit;
        _trace = options.TraceObserver;
        _peerNames = options.PeerNames?.ToDictionary(pair => IpAddress.FromIPAddress(pair.Key), pair => pair.Value);
        _logger = options.LoggerFactory?.CreateLogger("SynAck.Stack") ?? NullLogger.Instance;
        if (options.Loop is { } loop)
        {
            Loop = loop;
        }
        else if (options.Simulation is { } simulation)
        {
            Loop = simulation.CreateLoop(Name);
            _ownsLoop = true;
        }
        else
        {
            Loop = new ThreadEventLoop(Name, options.TimeProvider ?? TimeProvider.System);
            _ownsLoop = true;
        }

        Span<byte> secrets = stackalloc byte[32];
        var seed = options.Seed ?? (Loop as SimulatedEventLoop)?.Simulation.CreateRandom().Next();
        if (seed is { } value)
        {
#pragma warning disable CA5394 // A seeded generator on purpose: the same seed must give the same run.
            new Random(value).NextBytes(secrets);
#pragma warning restore CA5394
        }
        else
        {
            RandomNumberGenerator.Fill(secrets);
        }

        _initialSequenceNumbers = new InitialSequenceNumbers(secrets[..16]);
        _ephemeralPorts = new EphemeralPorts(BitConverter.ToUInt64(secrets[16..24]), BitConverter.ToUInt64(secrets[24..32]));
        _epoch = Loop.Time.GetTimestamp();
        _timers = new LoopTimerWheel<TcpConnection>(Loop, OnConnectionTimer, TimeSpan.FromMilliseconds(1), capacity: 64);
        _metrics = new StackMetrics(Name, _counters, options.MeterFactory);
    }

    /// <summary>The stack's name.</summary>
    public string Name { get; }

    /// <summary>The event loop the stack runs on.</summary>
    public EventLoop Loop { get; }

    /// <summary>The clock of the stack's loop.</summary>
    public TimeProvider Time => Loop.Time;

    /// <summary>The settings of connections and listeners that bring none of their own.</summary>
    public TcpConnectionOptions DefaultConnectionOptions { get; }

    /// <summary>The IPv4 time to live and IPv6 hop limit of sent packets.</summary>
    public byte HopLimit { get; }

    /// <summary>The interfaces added so far.</summary>
    public IReadOnlyList<NetworkInterface> Interfaces => _interfaces;

    /// <summary>Whether the stack has been disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposeState) != 0;

    /// <summary>Time since the stack was created, on its loop's clock: the "now" its connections see.</summary>
    internal TimeSpan Now => Loop.Time.GetElapsedTime(_epoch);

    /// <summary>
    /// Adds a link with the stack's addresses on it: the stack attaches to the link (its received
    /// packets then reach the stack on the stack's loop) and owns it from now on, disposing it with
    /// the stack. Safe from any thread.
    /// </summary>
    /// <param name="link">The link; not attached to anything yet.</param>
    /// <param name="options">The addresses, routes and trust of the interface.</param>
    /// <returns>The interface.</returns>
    /// <exception cref="ArgumentException">No address is given, or an address is already the stack's.</exception>
    /// <exception cref="ObjectDisposedException">The stack has been disposed.</exception>
    public NetworkInterface AddInterface(ILink link, NetworkInterfaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (options.Addresses is not { Count: > 0 })
        {
            throw new ArgumentException("An interface needs at least one address.", nameof(options));
        }

        var networkInterface = new NetworkInterface(this, link, options);
        lock (_configurationGate)
        {
            var addresses = new HashSet<IpAddress>(_localAddresses);
            foreach (var address in networkInterface.Addresses)
            {
                if (address.Address is null)
                {
                    throw new ArgumentException("An interface address is missing.", nameof(options));
                }

                if (!addresses.Add(address.Value))
                {
                    throw new ArgumentException($"{address.Address} is already an address of the stack '{Name}'.", nameof(options));
                }
            }

            link.Attach(networkInterface.Receiver, Loop);
            _localAddresses = addresses;
            _interfaces = [.. _interfaces, networkInterface];
        }

        StackLog.InterfaceAdded(_logger, Name, networkInterface.Name, link.Mtu, string.Join(", ", networkInterface.Addresses));
        return networkInterface;
    }

    /// <summary>A snapshot of the stack's counters (<c>netstat -s</c>). Safe from any thread.</summary>
    /// <returns>The counters.</returns>
    public NetworkStackStatistics GetStatistics() => _counters.Snapshot();

    /// <summary>
    /// Aborts every connection left (a RST to each peer, pending operations fail with
    /// <see cref="TcpError.ConnectionAborted"/>), closes every listener, disposes the links, and
    /// stops the stack's own loop if it made one. Later calls on the stack throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <returns>A task that completes when the stack has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _disposeState, 1, 0) != 0)
        {
            return;
        }

        if (!Loop.IsDisposed)
        {
            try
            {
                if (Loop.IsCurrentThread)
                {
                    ShutDownOnLoop();
                }
                else
                {
                    await Loop.InvokeAsync(ShutDownOnLoop);
                }
            }
            catch (ObjectDisposedException)
            {
                // The loop went away first; nothing is left to run on it.
            }
        }

        foreach (var networkInterface in _interfaces)
        {
            await networkInterface.Link.DisposeAsync();
        }

        _metrics.Dispose();
        if (_ownsLoop)
        {
            Loop.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"stack {Name}";

    /// <summary>Posts work to the loop (from any thread), or throws <see cref="ObjectDisposedException"/> once the stack is gone.</summary>
    internal void PostToLoop(Action<object?> callback, object? state)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        Loop.Post(callback, state);
    }

    /// <summary>Posts work to the loop if it still runs.</summary>
    internal bool TryPostToLoop(Action<object?> callback, object? state) => Loop.TryPost(callback, state);

    private void ShutDownOnLoop()
    {
        _disposedOnLoop = true;
        foreach (var listener in _listeners.Values.Distinct().ToList())
        {
            foreach (var orphan in listener.Close())
            {
                orphan.Listener = null;
                if (orphan.Retired)
                {
                    orphan.Release();
                }
            }
        }

        _listeners.Clear();
        foreach (var connection in _connections.Values.ToList())
        {
            if (!connection.IsReleased)
            {
                connection.Tcb.Abort(Now);
                DrainEvents(connection);
                DrainSegments(connection);
            }

            RemoveFromTables(connection);
            connection.OnStackDisposed();
            connection.Release();
        }

        _connections.Clear();
        _timers.Dispose();
        DisposeIpServices();
    }
}
