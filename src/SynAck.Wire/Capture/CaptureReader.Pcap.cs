using System.Buffers.Binary;

namespace SynAck.Wire.Capture;

/// <summary>Classic pcap: a 24-byte file header, then 16-byte record headers each followed by the packet.</summary>
public sealed partial class CaptureReader
{
    private const uint PcapMicrosecondMagic = 0xA1B2C3D4;
    private const uint PcapNanosecondMagic = 0xA1B23C4D;
    private const int PcapFileHeaderLength = 24;
    private const int PcapRecordHeaderLength = 16;

    private bool _pcapBigEndian;
    private bool _pcapNanoseconds;
    private uint _pcapSnapLength;
    private LinkType _pcapLinkType;

    private static bool IsPcapMagic(uint magic) => magic is PcapMicrosecondMagic or PcapNanosecondMagic;

    private bool TryReadPcapFileHeader(out CaptureError error)
    {
        Span<byte> header = stackalloc byte[PcapFileHeaderLength];
        if (Fill(header) < header.Length)
        {
            error = new CaptureError(CaptureErrorReason.TruncatedFileHeader, 0);
            return false;
        }

        // The magic is written in the writer's byte order; reading it as big-endian tells which.
        var magic = BinaryPrimitives.ReadUInt32BigEndian(header);
        _pcapBigEndian = IsPcapMagic(magic);
        _pcapNanoseconds = (_pcapBigEndian ? magic : BinaryPrimitives.ReverseEndianness(magic)) == PcapNanosecondMagic;
        var versionMajor = ReadUInt16(header[4..], _pcapBigEndian);
        if (versionMajor != 2)
        {
            error = new CaptureError(CaptureErrorReason.UnsupportedVersion, 0);
            return false;
        }

        // Bytes 8-15 (time zone, accuracy) are always zero in practice and carry nothing we use.
        _pcapSnapLength = ReadUInt32(header[16..], _pcapBigEndian);

        // The low 16 bits are the link type; the high bits may carry FCS information.
        _pcapLinkType = (LinkType)(ReadUInt32(header[20..], _pcapBigEndian) & 0xFFFF);
        error = default;
        return true;
    }

    private bool TryReadPcapRecord(out CapturePacket packet, out CaptureError error)
    {
        packet = default;
        var start = _position;
        Span<byte> header = stackalloc byte[PcapRecordHeaderLength];
        var read = Fill(header);
        if (read < header.Length)
        {
            error = new CaptureError(read == 0 ? CaptureErrorReason.None : CaptureErrorReason.TruncatedRecordHeader, start);
            return false;
        }

        var seconds = ReadUInt32(header, _pcapBigEndian);
        var fraction = ReadUInt32(header[4..], _pcapBigEndian);
        var capturedLength = ReadUInt32(header[8..], _pcapBigEndian);
        var originalLength = ReadUInt32(header[12..], _pcapBigEndian);
        if (!IsAcceptableCapturedLength(capturedLength, _pcapSnapLength, start, out error))
        {
            return false;
        }

        var data = Buffer((int)capturedLength);
        if (Fill(data) < data.Length)
        {
            error = new CaptureError(CaptureErrorReason.TruncatedRecordBody, start);
            return false;
        }

        // Cannot overflow: (2^32 - 1) * 10^9 + (2^32 - 1) * 1000 < 2^63.
        var nanoseconds = (seconds * 1_000_000_000L) + (fraction * (_pcapNanoseconds ? 1L : 1000L));
        packet = new CapturePacket(nanoseconds, _pcapLinkType, 0, originalLength, _buffer.AsMemory(0, data.Length), start);
        error = default;
        return true;
    }

    private static bool IsAcceptableCapturedLength(uint capturedLength, uint snapLength, long start, out CaptureError error)
    {
        if (capturedLength > MaxCapturedLength)
        {
            error = new CaptureError(CaptureErrorReason.CapturedLengthTooLarge, start);
            return false;
        }

        // A snapshot length of 0 means "no limit" to some writers.
        if (snapLength != 0 && capturedLength > snapLength)
        {
            error = new CaptureError(CaptureErrorReason.CapturedLengthExceedsSnapLength, start);
            return false;
        }

        error = default;
        return true;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> bytes, bool bigEndian)
        => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool bigEndian)
        => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    private static ulong ReadUInt64(ReadOnlySpan<byte> bytes, bool bigEndian)
        => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
}
