namespace SynAck.InMemory;

/// <summary>What happened to a packet on an in-memory path, as told to an <see cref="IPacketObserver"/>.</summary>
public enum PacketEventKind
{
    /// <summary>An endpoint sent the packet; <see cref="PacketEvent.Fate"/> says what the network will do with it.</summary>
    Sent,

    /// <summary>The packet (or a duplicate of it) reached the receiving endpoint.</summary>
    Delivered,
}

/// <summary>The outcome of a sent packet, decided when it is sent.</summary>
public enum PacketFate
{
    /// <summary>The packet will be delivered (possibly late, twice or corrupted; see <see cref="PacketFaults"/>).</summary>
    Delivered,

    /// <summary>The network loses the packet.</summary>
    Lost,

    /// <summary>The packet is larger than the path's MTU and is dropped.</summary>
    TooBig,

    /// <summary>The path's transmission queue is full and the packet is dropped.</summary>
    QueueFull,
}

/// <summary>Faults applied to a packet.</summary>
[Flags]
public enum PacketFaults
{
    /// <summary>No fault.</summary>
    None = 0,

    /// <summary>A bit of the packet was flipped.</summary>
    Corrupted = 1,

    /// <summary>On a sent packet: it will be delivered twice. On a delivered one: this is the second copy.</summary>
    Duplicated = 2,

    /// <summary>The packet was held back so that later packets overtook it.</summary>
    Reordered = 4,

    /// <summary>The packet was ECN-capable and a "router" marked it Congestion Experienced (RFC 3168 §5).</summary>
    CongestionMarked = 8,
}
