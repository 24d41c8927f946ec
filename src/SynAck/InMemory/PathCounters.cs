namespace SynAck.InMemory;

/// <summary>What one direction of an in-memory link did with its packets so far.</summary>
/// <param name="Sent">Packets handed to the path.</param>
/// <param name="BytesSent">Bytes of the packets handed to the path.</param>
/// <param name="Delivered">Packet copies handed to the receiver (duplicates count twice).</param>
/// <param name="BytesDelivered">Bytes of the delivered copies.</param>
/// <param name="Lost">Packets dropped by random loss or the loss rule.</param>
/// <param name="DroppedTooBig">Packets larger than the path's MTU.</param>
/// <param name="DroppedQueueFull">Packets dropped because the transmission queue was full.</param>
/// <param name="DroppedNoReceiver">Packets that arrived while the receiving endpoint was not attached.</param>
/// <param name="Duplicated">Packets delivered twice.</param>
/// <param name="Reordered">Packets held back so that later ones overtook them.</param>
/// <param name="Corrupted">Packets with a flipped bit.</param>
public readonly record struct PathCounters(
    long Sent,
    long BytesSent,
    long Delivered,
    long BytesDelivered,
    long Lost,
    long DroppedTooBig,
    long DroppedQueueFull,
    long DroppedNoReceiver,
    long Duplicated,
    long Reordered,
    long Corrupted);
