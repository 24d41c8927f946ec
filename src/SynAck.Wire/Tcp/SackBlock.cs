namespace SynAck.Wire.Tcp;

/// <summary>One SACK block (RFC 2018 §3): the received bytes <c>[Left, Right)</c>.</summary>
/// <param name="Left">The first sequence number of the block.</param>
/// <param name="Right">The sequence number just after the last byte of the block.</param>
public readonly record struct SackBlock(SequenceNumber Left, SequenceNumber Right)
{
    /// <summary>The number of bytes the block covers.</summary>
    public uint Length => unchecked(Right.Value - Left.Value);
}
