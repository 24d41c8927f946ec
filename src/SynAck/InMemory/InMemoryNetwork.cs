using System.Buffers;
using SynAck.Runtime;

namespace SynAck.InMemory;

/// <summary>
/// A network in memory: point-to-point links between named endpoints, each direction with its
/// own latency, bandwidth, queue, MTU and seeded faults.
/// </summary>
/// <remarks>
/// <para>
/// Give it a simulation's <see cref="VirtualTimeProvider"/> (virtual-time mode) and attach stacks
/// running on that simulation's loops: the network and every stack then advance together,
/// deterministically, and tests never sleep. Give it <see cref="TimeProvider.System"/>
/// (real-time mode) and stacks on <see cref="ThreadEventLoop"/>s for interactive use; packets
/// then travel on real timers.
/// </para>
/// <para>
/// Each path draws its faults from its own generator, derived from <see cref="Seed"/> and the
/// order in which paths were created, so the same seed and the same traffic give the same run.
/// Packet copies come from a pool owned by the network: nothing is allocated per packet once the
/// pool and queues have grown to the traffic's size.
/// </para>
/// </remarks>
public sealed class InMemoryNetwork : IDisposable
{
    private const int SeedSalt = 0x6E65_7477;
    private readonly List<PointToPointLink> _links = [];
    private readonly long _startTimestamp;
    private IPacketObserver? _observer;
    private int _paths;
    private bool _disposed;

    /// <summary>Creates a network on a clock.</summary>
    /// <param name="time">A simulation's virtual clock, or <see cref="TimeProvider.System"/> for real time.</param>
    /// <param name="seed">The seed from which every path's faults are drawn.</param>
    public InMemoryNetwork(TimeProvider time, int seed)
    {
        ArgumentNullException.ThrowIfNull(time);
        Time = time;
        Seed = seed;
        _startTimestamp = time.GetTimestamp();
        Buffers = ArrayPool<byte>.Create(65536, 1024);
    }

    /// <summary>Creates a network in a simulation's virtual time, seeded from the simulation.</summary>
    /// <param name="simulation">The simulation whose clock and seed the network uses.</param>
    public InMemoryNetwork(Simulation simulation)
        : this(simulation?.Time ?? throw new ArgumentNullException(nameof(simulation)), simulation.Seed)
    {
    }

    /// <summary>The network's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The seed of the network's faults.</summary>
    public int Seed { get; }

    /// <summary>The links created so far.</summary>
    public IReadOnlyList<PointToPointLink> Links => _links;

    /// <summary>Who is told of every packet sent and delivered; null for nobody. Set it before traffic starts.</summary>
    public IPacketObserver? Observer
    {
        get => Volatile.Read(ref _observer);
        set => Volatile.Write(ref _observer, value);
    }

    internal ArrayPool<byte> Buffers { get; }

    /// <summary>Time since the network was created.</summary>
    public TimeSpan Elapsed => Time.GetElapsedTime(_startTimestamp);

    /// <summary>Links two endpoints with the same options in both directions.</summary>
    /// <param name="nameA">The first endpoint's name (e.g. "client").</param>
    /// <param name="nameB">The second endpoint's name (e.g. "server").</param>
    /// <param name="options">Both directions' behaviour; an ideal path when null.</param>
    /// <returns>The link, with an <see cref="Links.ILink"/> for each endpoint.</returns>
    public PointToPointLink Connect(string nameA, string nameB, PathOptions? options = null)
        => Connect(nameA, nameB, options ?? PathOptions.Ideal, options ?? PathOptions.Ideal);

    /// <summary>Links two endpoints with separate options per direction.</summary>
    /// <param name="nameA">The first endpoint's name.</param>
    /// <param name="nameB">The second endpoint's name.</param>
    /// <param name="aToB">The behaviour of packets from A to B.</param>
    /// <param name="bToA">The behaviour of packets from B to A.</param>
    /// <returns>The link, with an <see cref="Links.ILink"/> for each endpoint.</returns>
    public PointToPointLink Connect(string nameA, string nameB, PathOptions aToB, PathOptions bToA)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameA);
        ArgumentException.ThrowIfNullOrWhiteSpace(nameB);
        ArgumentNullException.ThrowIfNull(aToB);
        ArgumentNullException.ThrowIfNull(bToA);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_links)
        {
            var forward = new InMemoryPath(this, nameA, nameB, aToB, new Random(SeedMixer.Derive(Seed ^ SeedSalt, _paths++)));
            var backward = new InMemoryPath(this, nameB, nameA, bToA, new Random(SeedMixer.Derive(Seed ^ SeedSalt, _paths++)));
            var link = new PointToPointLink(new InMemoryLink(nameA, forward, backward), new InMemoryLink(nameB, backward, forward), forward, backward);
            _links.Add(link);
            return link;
        }
    }

    /// <summary>Stops every path: packets in flight are dropped and later sends are refused.</summary>
    public void Dispose()
    {
        lock (_links)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var link in _links)
            {
                link.AToB.Close();
                link.BToA.Close();
            }
        }
    }

    /// <summary>The current time in 100 ns ticks since the network was created.</summary>
    internal long NowTicks(out long timestamp)
    {
        timestamp = Time.GetTimestamp();
        return TimestampMath.ToTimeSpanFloor(timestamp - _startTimestamp, Time.TimestampFrequency).Ticks;
    }
}
