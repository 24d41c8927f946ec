namespace SynAck.Wire.Tcp;

/// <summary>
/// The TCP options a segment carries, as values (DESIGN.md rule 1: the record beside the view).
/// Options SynAck does not know are skipped when parsing (RFC 9293 MUST-6) and never emitted.
/// </summary>
public readonly partial record struct TcpOptions
{
    /// <summary>Maximum segment size (kind 2, RFC 9293 §3.7.1), or null when absent. Only meaningful on a SYN.</summary>
    public ushort? MaximumSegmentSize { get; init; }

    /// <summary>Window scale shift count (kind 3, RFC 7323 §2), or null when absent. Only meaningful on a SYN.</summary>
    public byte? WindowScale { get; init; }

    /// <summary>Whether SACK-permitted (kind 4, RFC 2018 §2) is present. Only meaningful on a SYN.</summary>
    public bool SackPermitted { get; init; }

    /// <summary>The timestamps option (kind 8, RFC 7323 §3), or null when absent.</summary>
    public TcpTimestampOption? Timestamps { get; init; }

    /// <summary>SACK blocks (kind 5, RFC 2018 §3); empty when absent.</summary>
    public SackBlockList SackBlocks { get; init; }

    /// <summary>Whether no option is present.</summary>
    public bool IsEmpty => MaximumSegmentSize is null && WindowScale is null && !SackPermitted && Timestamps is null && SackBlocks.IsEmpty;
}
