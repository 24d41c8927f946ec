using System.Buffers.Binary;

namespace SynAck.Wire.Capture;

/// <summary>
/// pcapng: a sequence of blocks (type, total length, body, total length again), grouped into
/// sections that each start with a Section Header Block fixing the byte order.
/// </summary>
public sealed partial class CaptureReader
{
    private const uint PcapNgSectionHeaderType = 0x0A0D0D0A;
    private const uint PcapNgInterfaceDescriptionType = 1;
    private const uint PcapNgObsoletePacketType = 2;
    private const uint PcapNgSimplePacketType = 3;
    private const uint PcapNgEnhancedPacketType = 6;
    private const uint PcapNgByteOrderMagic = 0x1A2B3C4D;
    private const int PcapNgBlockHeaderLength = 8;
    private const int PcapNgTrailerLength = 4;

    // Interface Description Blocks are small (a few options); a longer one is taken as corrupt
    // rather than read into memory.
    private const int PcapNgMaxInterfaceBlockLength = 1 << 20;

    private const byte PcapNgDefaultResolution = 6;
    private const ushort OptionEndOfOptions = 0;
    private const ushort OptionIfTsResol = 9;
    private const ushort OptionIfTsOffset = 14;

    private readonly List<PcapNgInterface> _interfaces = [];
    private bool _ngBigEndian;

    private bool TryReadPcapNgPacket(out CapturePacket packet, out CaptureError error)
    {
        Span<byte> header = stackalloc byte[PcapNgBlockHeaderLength];
        while (true)
        {
            packet = default;
            var start = _position;
            var read = Fill(header);
            if (read < header.Length)
            {
                error = new CaptureError(read == 0 ? CaptureErrorReason.None : CaptureErrorReason.TruncatedRecordHeader, start);
                return false;
            }

            // The Section Header Block's type reads the same in both byte orders; its length does not.
            var type = ReadUInt32(header, _ngBigEndian);
            if (type == PcapNgSectionHeaderType)
            {
                if (!TryReadSectionHeader(header, start, out error))
                {
                    return false;
                }

                continue;
            }

            var length = ReadUInt32(header[4..], _ngBigEndian);
            if (length % 4 != 0 || length < PcapNgBlockHeaderLength + PcapNgTrailerLength)
            {
                error = new CaptureError(CaptureErrorReason.BadBlockLength, start);
                return false;
            }

            var handled = type switch
            {
                PcapNgInterfaceDescriptionType => TryReadInterfaceDescription(length, start, out error),
                PcapNgEnhancedPacketType or PcapNgObsoletePacketType => TryReadPacketBlock(type, length, start, out packet, out error),
                PcapNgSimplePacketType => TryReadSimplePacket(length, start, out packet, out error),
                _ => TrySkipBlockBody(length - PcapNgBlockHeaderLength - PcapNgTrailerLength, length, start, out error),
            };
            if (!handled)
            {
                return false;
            }

            if (type is PcapNgEnhancedPacketType or PcapNgObsoletePacketType or PcapNgSimplePacketType)
            {
                return true;
            }
        }
    }

    private bool TryReadSectionHeader(ReadOnlySpan<byte> header, long start, out CaptureError error)
    {
        // Byte-order magic, major and minor version, section length (-1 for "not given").
        Span<byte> fields = stackalloc byte[16];
        if (Fill(fields[..4]) < 4)
        {
            error = new CaptureError(CaptureErrorReason.TruncatedRecordHeader, start);
            return false;
        }

        var byteOrder = BinaryPrimitives.ReadUInt32LittleEndian(fields);
        if (byteOrder != PcapNgByteOrderMagic && byteOrder != BinaryPrimitives.ReverseEndianness(PcapNgByteOrderMagic))
        {
            error = new CaptureError(CaptureErrorReason.BadByteOrderMagic, start);
            return false;
        }

        _ngBigEndian = byteOrder != PcapNgByteOrderMagic;
        _interfaces.Clear();
        var length = ReadUInt32(header[4..], _ngBigEndian);
        const int minimumLength = PcapNgBlockHeaderLength + 16 + PcapNgTrailerLength;
        if (length % 4 != 0 || length < minimumLength)
        {
            error = new CaptureError(CaptureErrorReason.BadBlockLength, start);
            return false;
        }

        if (Fill(fields[4..]) < 12)
        {
            error = new CaptureError(CaptureErrorReason.TruncatedRecordBody, start);
            return false;
        }

        if (ReadUInt16(fields[4..], _ngBigEndian) != 1)
        {
            error = new CaptureError(CaptureErrorReason.UnsupportedVersion, start);
            return false;
        }

        // The section's options (hardware, OS, application) are not needed to read packets.
        return TrySkipBlockBody(length - minimumLength, length, start, out error);
    }

    private bool TryReadInterfaceDescription(uint length, long start, out CaptureError error)
    {
        if (length < PcapNgBlockHeaderLength + 8 + PcapNgTrailerLength || length > PcapNgMaxInterfaceBlockLength)
        {
            error = new CaptureError(CaptureErrorReason.BadBlockLength, start);
            return false;
        }

        var body = Buffer((int)length - PcapNgBlockHeaderLength);
        if (Fill(body) < body.Length)
        {
            error = new CaptureError(CaptureErrorReason.TruncatedRecordBody, start);
            return false;
        }

        if (ReadUInt32(body[^PcapNgTrailerLength..], _ngBigEndian) != length)
        {
            error = new CaptureError(CaptureErrorReason.BlockLengthMismatch, start);
            return false;
        }

        var linkType = (LinkType)ReadUInt16(body, _ngBigEndian);
        var snapLength = ReadUInt32(body[4..], _ngBigEndian);
        var resolution = PcapNgDefaultResolution;
        var offsetSeconds = 0L;
        var options = body[8..^PcapNgTrailerLength];
        while (options.Length >= 4)
        {
            var code = ReadUInt16(options, _ngBigEndian);
            var valueLength = ReadUInt16(options[2..], _ngBigEndian);
            if (code == OptionEndOfOptions)
            {
                break;
            }

            var paddedLength = (valueLength + 3) & ~3;
            if (4 + paddedLength > options.Length)
            {
                error = new CaptureError(CaptureErrorReason.InvalidOption, start);
                return false;
            }

            var value = options.Slice(4, valueLength);
            switch (code)
            {
                case OptionIfTsResol when valueLength == 1:
                    resolution = value[0];
                    break;
                case OptionIfTsOffset when valueLength == 8:
                    offsetSeconds = (long)ReadUInt64(value, _ngBigEndian);
                    break;
                case OptionIfTsResol or OptionIfTsOffset:
                    error = new CaptureError(CaptureErrorReason.InvalidOption, start);
                    return false;
                default:
                    break;
            }

            options = options[(4 + paddedLength)..];
        }

        _interfaces.Add(new PcapNgInterface(linkType, snapLength, resolution, offsetSeconds));
        error = default;
        return true;
    }

    /// <summary>An Enhanced Packet Block, or the obsolete Packet Block whose interface id is 16 bits.</summary>
    private bool TryReadPacketBlock(uint type, uint length, long start, out CapturePacket packet, out CaptureError error)
    {
        packet = default;
        const int fixedLength = 20;
        if (length < PcapNgBlockHeaderLength + fixedLength + PcapNgTrailerLength)
        {
            error = new CaptureError(CaptureErrorReason.BadBlockLength, start);
            return false;
        }

        Span<byte> fields = stackalloc byte[fixedLength];
        if (Fill(fields) < fields.Length)
        {
            error = new CaptureError(CaptureErrorReason.TruncatedRecordBody, start);
            return false;
        }

        var interfaceId = type == PcapNgEnhancedPacketType
            ? ReadUInt32(fields, _ngBigEndian)
            : ReadUInt16(fields, _ngBigEndian);
        var ticks = ((ulong)ReadUInt32(fields[4..], _ngBigEndian) << 32) | ReadUInt32(fields[8..], _ngBigEndian);
        var capturedLength = ReadUInt32(fields[12..], _ngBigEndian);
        var originalLength = ReadUInt32(fields[16..], _ngBigEndian);
        var room = length - (PcapNgBlockHeaderLength + fixedLength + PcapNgTrailerLength);
        if (interfaceId >= (uint)_interfaces.Count)
        {
            error = new CaptureError(CaptureErrorReason.UnknownInterface, start);
            return false;
        }

        var description = _interfaces[(int)interfaceId];
        if (!IsAcceptableCapturedLength(capturedLength, description.SnapLength, start, out error)
            || !TryReadBlockData(capturedLength, room, length, start, out error))
        {
            return false;
        }

        if (!description.TryToUnixNanoseconds(ticks, out var nanoseconds))
        {
            error = new CaptureError(CaptureErrorReason.TimestampOutOfRange, start);
            return false;
        }

        packet = new CapturePacket(nanoseconds, description.LinkType, (int)interfaceId, originalLength, _buffer.AsMemory(0, (int)capturedLength), start);
        return true;
    }

    /// <summary>A Simple Packet Block: interface 0, no timestamp, captured length implied by the snapshot length.</summary>
    private bool TryReadSimplePacket(uint length, long start, out CapturePacket packet, out CaptureError error)
    {
        packet = default;
        const int fixedLength = 4;
        if (length < PcapNgBlockHeaderLength + fixedLength + PcapNgTrailerLength)
        {
            error = new CaptureError(CaptureErrorReason.BadBlockLength, start);
            return false;
        }

        if (_interfaces.Count == 0)
        {
            error = new CaptureError(CaptureErrorReason.UnknownInterface, start);
            return false;
        }

        Span<byte> fields = stackalloc byte[fixedLength];
        if (Fill(fields) < fields.Length)
        {
            error = new CaptureError(CaptureErrorReason.TruncatedRecordBody, start);
            return false;
        }

        var description = _interfaces[0];
        var originalLength = ReadUInt32(fields, _ngBigEndian);
        var capturedLength = description.SnapLength != 0 ? Math.Min(originalLength, description.SnapLength) : originalLength;
        var room = length - (PcapNgBlockHeaderLength + fixedLength + PcapNgTrailerLength);
        if (!IsAcceptableCapturedLength(capturedLength, 0, start, out error)
            || !TryReadBlockData(capturedLength, room, length, start, out error))
        {
            return false;
        }

        packet = new CapturePacket(0, description.LinkType, 0, originalLength, _buffer.AsMemory(0, (int)capturedLength), start);
        return true;
    }

    /// <summary>Reads a packet's padded bytes into the buffer, then skips the options and checks the trailing length.</summary>
    private bool TryReadBlockData(uint capturedLength, uint room, uint length, long start, out CaptureError error)
    {
        var paddedLength = (capturedLength + 3) & ~3u;
        if (paddedLength > room)
        {
            error = new CaptureError(CaptureErrorReason.CapturedLengthExceedsBlock, start);
            return false;
        }

        var data = Buffer((int)paddedLength);
        if (Fill(data) < data.Length)
        {
            error = new CaptureError(CaptureErrorReason.TruncatedRecordBody, start);
            return false;
        }

        return TrySkipBlockBody(room - paddedLength, length, start, out error);
    }

    /// <summary>Skips the rest of a block's body, then reads its trailing total length and checks it.</summary>
    private bool TrySkipBlockBody(uint count, uint length, long start, out CaptureError error)
    {
        Span<byte> trailer = stackalloc byte[PcapNgTrailerLength];
        if (!Skip(count) || Fill(trailer) < trailer.Length)
        {
            error = new CaptureError(CaptureErrorReason.TruncatedRecordBody, start);
            return false;
        }

        if (ReadUInt32(trailer, _ngBigEndian) != length)
        {
            error = new CaptureError(CaptureErrorReason.BlockLengthMismatch, start);
            return false;
        }

        error = default;
        return true;
    }
}
