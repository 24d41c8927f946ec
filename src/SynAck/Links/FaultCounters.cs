namespace SynAck.Links;

/// <summary>What a fault injector did to one direction's packets so far.</summary>
/// <param name="Packets">Packets that entered the injector.</param>
/// <param name="Lost">Packets dropped.</param>
/// <param name="Duplicated">Packets sent twice.</param>
/// <param name="Reordered">Packets held back so that later ones overtook them.</param>
/// <param name="Corrupted">Packets with a flipped bit.</param>
public readonly record struct FaultCounters(long Packets, long Lost, long Duplicated, long Reordered, long Corrupted);
