using System.Buffers.Binary;
using SynAck.Wire.Capture;

namespace SynAck.Wire.Tests.Capture;

/// <summary>One record (pcap) or block (pcapng) of a well-formed capture file.</summary>
/// <param name="Start">Its first byte.</param>
/// <param name="End">One past its last byte.</param>
/// <param name="HeaderLength">How many of its bytes a reader needs before it can tell how long it is.</param>
/// <param name="IsPacket">Whether it carries a packet.</param>
/// <param name="IsFileHeader">Whether it is the pcap file header.</param>
internal sealed record Record(long Start, long End, int HeaderLength, bool IsPacket, bool IsFileHeader);

/// <summary>
/// Walks a well-formed capture by its length fields alone: the tests' own map of where each
/// record starts and ends, to say what a reader must report for a file cut or damaged anywhere.
/// </summary>
internal static class RecordLayout
{
    public static List<Record> Of(byte[] file)
    {
        var records = new List<Record>();
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        if (magic == 0x0A0D0D0A)
        {
            var bigEndian = false;
            for (var at = 0; at < file.Length;)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)) == 0x0A0D0D0A)
                {
                    bigEndian = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8)) != 0x1A2B3C4D;
                }

                var type = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));

                var length = bigEndian ? BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at + 4)) : BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 4));
                records.Add(new Record(at, at + length, type == 0x0A0D0D0A ? 12 : 8, type is 2 or 3 or 6, false));
                at += length;
            }

            return records;
        }

        var pcapBigEndian = magic is not (0xA1B2C3D4 or 0xA1B23C4D);
        records.Add(new Record(0, 24, 24, false, true));
        for (var at = 24; at < file.Length;)
        {
            var captured = pcapBigEndian ? BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at + 8)) : BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 8));
            records.Add(new Record(at, at + 16 + captured, 16, true, false));
            at += 16 + captured;
        }

        return records;
    }

    /// <summary>What a reader must say at the end of a file with these records cut to <paramref name="length"/> bytes.</summary>
    public static CaptureError ExpectedEndOfCut(List<Record> records, long length)
    {
        if (length < 4)
        {
            return new CaptureError(CaptureErrorReason.TruncatedFileHeader, 0);
        }

        if (records.Any(r => r.End == length))
        {
            return new CaptureError(CaptureErrorReason.None, length);
        }

        var cut = records.Single(r => r.Start < length && length < r.End);
        var reason = cut.IsFileHeader ? CaptureErrorReason.TruncatedFileHeader
            : length - cut.Start < cut.HeaderLength ? CaptureErrorReason.TruncatedRecordHeader
            : CaptureErrorReason.TruncatedRecordBody;
        return new CaptureError(reason, cut.Start);
    }
}
