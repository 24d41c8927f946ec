namespace SynAck.InMemory;

/// <summary>
/// One packet event on an in-memory path. Valid only during the observer call: the packet bytes
/// belong to the network.
/// </summary>
public readonly ref struct PacketEvent
{
    internal PacketEvent(PacketEventKind kind, InMemoryPath path, long timestamp, TimeSpan time, ReadOnlySpan<byte> packet, PacketFate fate, PacketFaults faults)
    {
        Kind = kind;
        Path = path;
        Timestamp = timestamp;
        Time = time;
        Packet = packet;
        Fate = fate;
        Faults = faults;
    }

    /// <summary>Whether the packet was sent or delivered.</summary>
    public PacketEventKind Kind { get; }

    /// <summary>The path the packet travels.</summary>
    public InMemoryPath Path { get; }

    /// <summary>The sending endpoint's name.</summary>
    public string From => Path.From;

    /// <summary>The receiving endpoint's name.</summary>
    public string To => Path.To;

    /// <summary>When it happened, as a timestamp of the network's clock.</summary>
    public long Timestamp { get; }

    /// <summary>When it happened, as time since the network was created.</summary>
    public TimeSpan Time { get; }

    /// <summary>The IP packet: as sent for <see cref="PacketEventKind.Sent"/>, as delivered (maybe corrupted) for <see cref="PacketEventKind.Delivered"/>.</summary>
    public ReadOnlySpan<byte> Packet { get; }

    /// <summary>The packet's outcome; always <see cref="PacketFate.Delivered"/> for a delivery.</summary>
    public PacketFate Fate { get; }

    /// <summary>The faults applied to the packet.</summary>
    public PacketFaults Faults { get; }

    /// <summary>Whether the network lost or dropped the packet (any fate other than delivered).</summary>
    public bool IsLost => Fate != PacketFate.Delivered;
}
