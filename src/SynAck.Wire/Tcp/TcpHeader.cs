namespace SynAck.Wire.Tcp;

/// <summary>
/// A TCP header as values (RFC 9293 §3.1): the record beside <c>TcpSegmentView</c> (DESIGN.md rule 1).
/// It is what the protocol core reads and writes; the payload travels beside it as a span.
/// </summary>
public readonly partial record struct TcpHeader
{
    /// <summary>The source port.</summary>
    public ushort SourcePort { get; init; }

    /// <summary>The destination port.</summary>
    public ushort DestinationPort { get; init; }

    /// <summary>SEG.SEQ: the sequence number of the first octet (or of the SYN).</summary>
    public SequenceNumber SequenceNumber { get; init; }

    /// <summary>SEG.ACK: the next sequence number the sender expects; significant only with <see cref="TcpFlags.Ack"/>.</summary>
    public SequenceNumber AcknowledgmentNumber { get; init; }

    /// <summary>The control bits.</summary>
    public TcpFlags Flags { get; init; }

    /// <summary>SEG.WND as carried on the wire, before window scaling.</summary>
    public ushort Window { get; init; }

    /// <summary>The checksum as read from the wire; ignored when writing (TryWriteBytes leaves the field zero for <see cref="TcpChecksum"/> to fill).</summary>
    public ushort Checksum { get; init; }

    /// <summary>SEG.UP: offset from SEG.SEQ to the end of urgent data; significant only with <see cref="TcpFlags.Urg"/>.</summary>
    public ushort UrgentPointer { get; init; }

    /// <summary>The options.</summary>
    public TcpOptions Options { get; init; }

    /// <summary>Whether all of <paramref name="flags"/> are set.</summary>
    public bool Has(TcpFlags flags) => (Flags & flags) == flags;
}
