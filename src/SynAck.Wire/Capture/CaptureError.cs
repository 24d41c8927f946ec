namespace SynAck.Wire.Capture;

/// <summary>Why a <see cref="CaptureReader"/> stopped, and where in the file.</summary>
/// <param name="Reason">What is wrong, or <see cref="CaptureErrorReason.None"/> at a clean end of file.</param>
/// <param name="Offset">
/// The byte offset, counted from where the reader started, of the start of the record (pcap) or
/// block (pcapng) that has the problem; 0 for a problem in the file header.
/// </param>
public readonly record struct CaptureError(CaptureErrorReason Reason, long Offset)
{
    /// <summary>Whether this is an error rather than a clean end of file.</summary>
    public bool IsError => Reason != CaptureErrorReason.None;

    /// <summary>A sentence for people, naming the offset: "truncated record body at byte 1234".</summary>
    public string Message => Reason switch
    {
        CaptureErrorReason.None => "end of capture",
        CaptureErrorReason.UnknownMagic => "not a pcap or pcapng file (unknown magic number) at byte 0",
        CaptureErrorReason.TruncatedFileHeader => $"file ends inside the file header at byte {Offset}",
        CaptureErrorReason.UnsupportedVersion => $"unsupported file format version in the header at byte {Offset}",
        CaptureErrorReason.BadByteOrderMagic => $"bad byte-order magic in the section header block at byte {Offset}",
        CaptureErrorReason.TruncatedRecordHeader => $"file ends inside the record header at byte {Offset}",
        CaptureErrorReason.TruncatedRecordBody => $"file ends inside the record at byte {Offset}",
        CaptureErrorReason.CapturedLengthExceedsSnapLength => $"captured length larger than the snapshot length in the record at byte {Offset}",
        CaptureErrorReason.CapturedLengthTooLarge => $"absurd captured length in the record at byte {Offset}",
        CaptureErrorReason.CapturedLengthExceedsBlock => $"captured length larger than its block in the block at byte {Offset}",
        CaptureErrorReason.BadBlockLength => $"bad block length in the block at byte {Offset}",
        CaptureErrorReason.BlockLengthMismatch => $"trailing block length differs from the leading one in the block at byte {Offset}",
        CaptureErrorReason.UnknownInterface => $"packet names an undefined interface in the block at byte {Offset}",
        CaptureErrorReason.InvalidOption => $"malformed option in the block at byte {Offset}",
        CaptureErrorReason.TimestampOutOfRange => $"timestamp out of range in the record at byte {Offset}",
        _ => $"{Reason} at byte {Offset}",
    };

    /// <inheritdoc/>
    public override string ToString() => Message;
}
