namespace SynAck.Tcp.Buffers;

/// <summary>What one <see cref="ReceiveBuffer.Write(int, ReadOnlySpan{byte}, out ReceiveWriteResult)"/> did with a segment's bytes.</summary>
/// <remarks>
/// Offsets here are relative to RCV.NXT as it was <em>before</em> the write (the same origin as the
/// offset passed in), so a D-SACK block (RFC 2883) is <c>old RCV.NXT + Duplicate.Offset</c>.
/// </remarks>
public readonly record struct ReceiveWriteResult
{
    /// <summary>How far RCV.NXT moves: bytes that became in order, including stored out-of-order bytes that now join up.</summary>
    public int Advanced { get; init; }

    /// <summary>Bytes of the segment that were new and are now held (in order or out of order).</summary>
    public int Stored { get; init; }

    /// <summary>
    /// Bytes of the segment that were already held or already passed to the application: before
    /// RCV.NXT, or inside a stored out-of-order range.
    /// </summary>
    public int DuplicateBytes { get; init; }

    /// <summary>
    /// The first (lowest) contiguous stretch of duplicated bytes, or an empty range when none was:
    /// what a D-SACK block reports (RFC 2883 §4).
    /// </summary>
    public ReceiveRange Duplicate { get; init; }

    /// <summary>Bytes cut from the end of the segment because they lie beyond the free space (the receive window).</summary>
    public int BeyondWindow { get; init; }

    /// <summary>
    /// Whether the segment's bytes were dropped because they would have needed a new out-of-order
    /// range and every range slot is in use. The peer will retransmit them.
    /// </summary>
    public bool DroppedRangeLimit { get; init; }

    /// <summary>
    /// Whether RCV.NXT moved past bytes that had been stored out of order: the segment filled a
    /// gap, so RFC 5681 §4.2 asks for an immediate ACK.
    /// </summary>
    public bool FilledGap { get; init; }

    /// <summary>Whether the segment carried bytes and every one of them was a duplicate (RFC 2883: report with D-SACK).</summary>
    public bool IsDuplicate => DuplicateBytes > 0 && Stored == 0 && BeyondWindow == 0 && !DroppedRangeLimit;

    /// <summary>Whether the bytes went into an out-of-order range rather than straight into order (RFC 5681 §4.2: ACK at once).</summary>
    public bool IsOutOfOrder => Stored > 0 && Advanced == 0;
}
