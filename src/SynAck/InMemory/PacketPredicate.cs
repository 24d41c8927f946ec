namespace SynAck.InMemory;

/// <summary>Decides from a packet's bytes whether the network should lose it.</summary>
/// <param name="ipPacket">The packet being sent.</param>
/// <returns>True to lose the packet.</returns>
public delegate bool PacketPredicate(ReadOnlySpan<byte> ipPacket);
