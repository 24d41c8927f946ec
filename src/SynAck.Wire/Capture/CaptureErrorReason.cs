namespace SynAck.Wire.Capture;

/// <summary>Why a capture file could not be read further. A "record" is a classic pcap packet record or a pcapng block.</summary>
public enum CaptureErrorReason
{
    /// <summary>No error: the file ended cleanly at a record boundary.</summary>
    None,

    /// <summary>The first four bytes are neither a pcap magic number (either byte order) nor a pcapng Section Header Block.</summary>
    UnknownMagic,

    /// <summary>The file ends inside the 24-byte pcap file header (or before the 4-byte magic).</summary>
    TruncatedFileHeader,

    /// <summary>The pcap file header or pcapng Section Header Block has a major version this reader does not know.</summary>
    UnsupportedVersion,

    /// <summary>A pcapng Section Header Block whose byte-order magic is neither 0x1A2B3C4D nor its byte swap.</summary>
    BadByteOrderMagic,

    /// <summary>The file ends inside a pcap record header or a pcapng block's type and length.</summary>
    TruncatedRecordHeader,

    /// <summary>The file ends inside a record's body (packet bytes, block fields, options or trailing length).</summary>
    TruncatedRecordBody,

    /// <summary>A captured length larger than the snapshot length of the file or interface.</summary>
    CapturedLengthExceedsSnapLength,

    /// <summary>A captured length larger than <see cref="CaptureReader.MaxCapturedLength"/>: not a real packet.</summary>
    CapturedLengthTooLarge,

    /// <summary>A pcapng block whose captured length does not fit in the block's total length.</summary>
    CapturedLengthExceedsBlock,

    /// <summary>A pcapng block total length that is not a multiple of 4, is below the block type's minimum, or is absurdly large.</summary>
    BadBlockLength,

    /// <summary>A pcapng block whose trailing total length differs from its leading one.</summary>
    BlockLengthMismatch,

    /// <summary>A pcapng packet block that names an interface no Interface Description Block of its section defined.</summary>
    UnknownInterface,

    /// <summary>A pcapng option that runs past its block, or a known option with the wrong length.</summary>
    InvalidOption,

    /// <summary>A timestamp that does not fit in a signed 64-bit count of nanoseconds since the Unix epoch.</summary>
    TimestampOutOfRange,
}
