namespace SynAck.Tcp.Buffers;

/// <summary>
/// A stretch of sequence space given as an offset from RCV.NXT and a length: the bytes
/// <c>[RCV.NXT + Offset, RCV.NXT + Offset + Length)</c>.
/// </summary>
/// <param name="Offset">Where the stretch starts, relative to RCV.NXT (negative: before it).</param>
/// <param name="Length">How many bytes the stretch covers.</param>
public readonly record struct ReceiveRange(int Offset, int Length)
{
    /// <summary>The offset just after the last byte of the stretch.</summary>
    public int End => Offset + Length;

    /// <summary>Whether the stretch covers no bytes.</summary>
    public bool IsEmpty => Length == 0;
}
