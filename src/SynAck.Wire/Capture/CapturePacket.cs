namespace SynAck.Wire.Capture;

/// <summary>
/// One packet read from a capture file. <see cref="Data"/> points into the reader's buffer and is
/// valid only until the next call to <see cref="CaptureReader.TryReadNext"/> or
/// <see cref="CaptureReader.Dispose"/>; copy it to keep it.
/// </summary>
public readonly struct CapturePacket
{
    /// <summary>Creates a packet description; the reader is the usual source of these.</summary>
    /// <param name="unixTimeNanoseconds">When the packet was captured, in nanoseconds since 1970-01-01T00:00:00Z.</param>
    /// <param name="linkType">The link-layer header type of <paramref name="data"/>.</param>
    /// <param name="interfaceId">The pcapng interface number, 0 in a classic pcap file.</param>
    /// <param name="originalLength">The packet's length on the wire, at least as large as what was captured in a well-formed file.</param>
    /// <param name="data">The captured bytes.</param>
    /// <param name="fileOffset">The byte offset of the packet's record or block.</param>
    public CapturePacket(long unixTimeNanoseconds, LinkType linkType, int interfaceId, long originalLength, ReadOnlyMemory<byte> data, long fileOffset)
    {
        UnixTimeNanoseconds = unixTimeNanoseconds;
        LinkType = linkType;
        InterfaceId = interfaceId;
        OriginalLength = originalLength;
        Data = data;
        FileOffset = fileOffset;
    }

    /// <summary>
    /// When the packet was captured, in nanoseconds since the Unix epoch (1970-01-01T00:00:00Z).
    /// A plain count keeps the nanoseconds that <see cref="DateTimeOffset"/> (100 ns ticks) would lose.
    /// A pcapng Simple Packet Block has no timestamp and reads as 0.
    /// </summary>
    public long UnixTimeNanoseconds { get; }

    /// <summary>The capture time as a <see cref="DateTimeOffset"/>, rounded down to its 100 ns tick.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(
        UnixTimeNanoseconds / 100 - (UnixTimeNanoseconds % 100 < 0 ? 1 : 0));

    /// <summary>The link-layer header type of <see cref="Data"/>.</summary>
    public LinkType LinkType { get; }

    /// <summary>The pcapng interface the packet was captured on (its IDB's index in the section); 0 in a classic pcap file.</summary>
    public int InterfaceId { get; }

    /// <summary>How many bytes were captured: the length of <see cref="Data"/>.</summary>
    public int CapturedLength => Data.Length;

    /// <summary>How long the packet was on the wire; larger than <see cref="CapturedLength"/> when the snapshot length cut it.</summary>
    public long OriginalLength { get; }

    /// <summary>The captured bytes, starting with the link-layer header. Valid until the reader's next read.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The byte offset of the packet's record (pcap) or block (pcapng), counted from where the reader started.</summary>
    public long FileOffset { get; }

    /// <summary>Whether the capture cut the packet short (<see cref="CapturedLength"/> &lt; <see cref="OriginalLength"/>).</summary>
    public bool IsTruncated => CapturedLength < OriginalLength;
}
