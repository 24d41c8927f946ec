using SynAck.InMemory;
using SynAck.Runtime;

namespace SynAck.Tests.InMemory;

/// <summary>Two endpoints, "a" and "b", on loops of one simulation, joined by an in-memory link.</summary>
internal sealed class NetworkFixture
{
    public NetworkFixture(PathOptions aToB, PathOptions? bToA = null, int seed = 1, IPacketObserver? observer = null)
    {
        Simulation = new Simulation(new SimulationOptions { Seed = seed });
        Network = new InMemoryNetwork(Simulation) { Observer = observer };
        LoopA = Simulation.CreateLoop("a");
        LoopB = Simulation.CreateLoop("b");
        Link = Network.Connect("a", "b", aToB, bToA ?? PathOptions.Ideal);
        AtA = new PacketRecorder(LoopA);
        AtB = new PacketRecorder(LoopB);
        Link.A.Attach(AtA, LoopA);
        Link.B.Attach(AtB, LoopB);
    }

    public Simulation Simulation { get; }

    public InMemoryNetwork Network { get; }

    public EventLoop LoopA { get; }

    public EventLoop LoopB { get; }

    public PointToPointLink Link { get; }

    public PacketRecorder AtA { get; }

    public PacketRecorder AtB { get; }

    /// <summary>Sends the packets back to back from a's loop at the current virtual time.</summary>
    public void SendFromA(params byte[][] packets)
    {
        LoopA.Post(() =>
        {
            foreach (var packet in packets)
            {
                Link.A.Send(packet);
            }
        });
        Simulation.RunFor(TimeSpan.Zero);
    }

    /// <summary>Sends packets 0..count-1 from a, one every <paramref name="interval"/>, then lets everything arrive.</summary>
    public void SendFromAEvery(TimeSpan interval, int count, Func<int, byte[]>? make = null)
    {
        make ??= id => TestPackets.Make(id);
        for (var i = 0; i < count; i++)
        {
            SendFromA(make(i));
            Simulation.RunFor(interval);
        }

        Simulation.RunUntilIdle();
    }
}

/// <summary>Records every packet event of a network.</summary>
internal sealed class TraceObserver : IPacketObserver
{
    public List<Entry> Events { get; } = [];

    public void OnPacket(in PacketEvent packetEvent)
        => Events.Add(new Entry(packetEvent.Kind, packetEvent.Time, packetEvent.From, packetEvent.To, packetEvent.Fate, packetEvent.Faults, TestPackets.Id(packetEvent.Packet), Convert.ToHexString(packetEvent.Packet)));

    public sealed record Entry(PacketEventKind Kind, TimeSpan Time, string From, string To, PacketFate Fate, PacketFaults Faults, int Id, string Bytes);
}
