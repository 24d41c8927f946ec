using System.Buffers.Binary;
using SynAck.Wire.Capture;

namespace SynAck.Wire.Tests.Capture;

public class PcapReaderTests
{
    // A classic pcap file as tcpdump writes it on a little-endian machine: Ethernet, snap length
    // 200, two records (the second cut short by the snap length).
    private static readonly byte[] LittleEndianFile =
    [
        0xD4, 0xC3, 0xB2, 0xA1, 0x02, 0x00, 0x04, 0x00, // magic, version 2.4
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // time zone, accuracy
        0xC8, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, // snap length 200, Ethernet
        // record at 24: 1700000000 s + 5 µs, 4 of 4 bytes
        0x00, 0xF1, 0x53, 0x65, 0x05, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
        0xAA, 0xBB, 0xCC, 0xDD,
        // record at 44: 1700000001 s + 999999 µs, 2 of 1500 bytes
        0x01, 0xF1, 0x53, 0x65, 0x3F, 0x42, 0x0F, 0x00, 0x02, 0x00, 0x00, 0x00, 0xDC, 0x05, 0x00, 0x00,
        0x11, 0x22,
    ];

    [Fact]
    public void Reads_a_little_endian_microsecond_file_field_by_field()
    {
        using var reader = CaptureReader.Open(new MemoryStream(LittleEndianFile));
        Assert.Equal(CaptureFormat.Unknown, reader.Format);

        Assert.True(reader.TryReadNext(out var first, out var error));
        Assert.Equal(CaptureFormat.Pcap, reader.Format);
        Assert.Equal(CaptureErrorReason.None, error.Reason);
        Assert.Equal(1_700_000_000_000_005_000, first.UnixTimeNanoseconds);
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 20, TimeSpan.Zero).AddTicks(50), first.Timestamp);
        Assert.Equal(LinkType.Ethernet, first.LinkType);
        Assert.Equal(0, first.InterfaceId);
        Assert.Equal(4, first.CapturedLength);
        Assert.Equal(4, first.OriginalLength);
        Assert.False(first.IsTruncated);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD }, first.Data.ToArray());
        Assert.Equal(24, first.FileOffset);

        Assert.True(reader.TryReadNext(out var second, out _));
        Assert.Equal(1_700_000_001_999_999_000, second.UnixTimeNanoseconds);
        Assert.Equal(2, second.CapturedLength);
        Assert.Equal(1500, second.OriginalLength);
        Assert.True(second.IsTruncated);
        Assert.Equal(new byte[] { 0x11, 0x22 }, second.Data.ToArray());
        Assert.Equal(44, second.FileOffset);

        Assert.False(reader.TryReadNext(out _, out error));
        Assert.Equal(new CaptureError(CaptureErrorReason.None, 62), error);
        Assert.False(error.IsError);
    }

    [Fact]
    public void Big_endian_and_nanosecond_copies_of_a_kernel_capture_read_the_same_as_the_original()
    {
        var original = Captures.Sample("http-download-lo-ipv4.pcap");
        var (expected, end) = Captures.ReadAll(original);
        Assert.Equal(CaptureErrorReason.None, end.Reason);
        Assert.Equal(12, expected.Count);

        foreach (var copy in new[] { ToBigEndian(original), ToNanoseconds(original), ToBigEndian(ToNanoseconds(original)) })
        {
            var (packets, copyEnd) = Captures.ReadAll(copy);
            Assert.Equal(CaptureErrorReason.None, copyEnd.Reason);
            Assert.Equal(expected, packets, (a, b) => a.UnixTimeNanoseconds == b.UnixTimeNanoseconds
                && a.LinkType == b.LinkType && a.OriginalLength == b.OriginalLength
                && a.FileOffset == b.FileOffset && a.Data.AsSpan().SequenceEqual(b.Data));
        }
    }

    [Fact]
    public void Only_the_low_16_bits_of_the_link_type_field_name_the_link_type()
    {
        var file = (byte[])LittleEndianFile.Clone();
        file[23] = 0x10; // FCS length bits set: 0x1000_0001
        var (packets, _) = Captures.ReadAll(file);
        Assert.Equal(LinkType.Ethernet, packets[0].LinkType);
    }

    [Fact]
    public void A_snap_length_of_zero_means_no_limit()
    {
        var file = Patch(LittleEndianFile, 16, 0);
        var (packets, end) = Captures.ReadAll(file);
        Assert.Equal(2, packets.Count);
        Assert.Equal(CaptureErrorReason.None, end.Reason);
    }

    [Fact]
    public void Captured_length_above_the_snap_length_stops_at_that_record_after_the_packets_before_it()
    {
        var file = Patch(LittleEndianFile, 16, 3); // snap length 3: the first record (4 bytes) is over it
        var (packets, end) = Captures.ReadAll(file);
        Assert.Empty(packets);
        Assert.Equal(new CaptureError(CaptureErrorReason.CapturedLengthExceedsSnapLength, 24), end);

        file = Patch(LittleEndianFile, 44 + 8, 201); // the second record claims 201 > 200
        (packets, end) = Captures.ReadAll(file);
        Assert.Single(packets);
        Assert.Equal(new CaptureError(CaptureErrorReason.CapturedLengthExceedsSnapLength, 44), end);
    }

    [Fact]
    public void Captured_length_above_262144_is_absurd_even_without_a_snap_length()
    {
        var file = Patch(Patch(LittleEndianFile, 16, 0), 44 + 8, 262_145);
        var (packets, end) = Captures.ReadAll(file);
        Assert.Single(packets);
        Assert.Equal(new CaptureError(CaptureErrorReason.CapturedLengthTooLarge, 44), end);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00 })] // an ELF file
    [InlineData(new byte[] { 0xA1, 0xB2, 0xC3, 0xD5, 0, 0, 0, 0 })]
    public void A_file_that_is_not_a_capture_is_an_unknown_magic_error_at_byte_0(byte[] file)
    {
        using var reader = CaptureReader.Open(new MemoryStream(file));
        Assert.False(reader.TryReadNext(out _, out var error));
        Assert.Equal(new CaptureError(CaptureErrorReason.UnknownMagic, 0), error);
        Assert.Equal(CaptureFormat.Unknown, reader.Format);
        Assert.Contains("byte 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(23)]
    public void A_file_shorter_than_its_header_is_a_truncated_file_header(int length)
    {
        var (_, end) = Captures.ReadAll(LittleEndianFile[..length]);
        Assert.Equal(new CaptureError(CaptureErrorReason.TruncatedFileHeader, 0), end);
    }

    [Fact]
    public void A_major_version_other_than_2_is_unsupported()
    {
        var file = (byte[])LittleEndianFile.Clone();
        file[4] = 3;
        var (_, end) = Captures.ReadAll(file);
        Assert.Equal(new CaptureError(CaptureErrorReason.UnsupportedVersion, 0), end);
    }

    [Fact]
    public void After_an_error_every_read_returns_the_same_error()
    {
        using var reader = CaptureReader.Open(new MemoryStream(LittleEndianFile[..50]));
        Assert.True(reader.TryReadNext(out _, out _));
        Assert.False(reader.TryReadNext(out _, out var first));
        Assert.False(reader.TryReadNext(out var packet, out var again));
        Assert.Equal(new CaptureError(CaptureErrorReason.TruncatedRecordHeader, 44), first);
        Assert.Equal(first, again);
        Assert.Equal(0, packet.CapturedLength);
    }

    [Fact]
    public void Reading_packets_allocates_nothing_per_packet()
    {
        var file = Captures.Sample("bulk-download-lo-ipv4.pcap");
        using var reader = CaptureReader.Open(new MemoryStream(file));
        Assert.True(reader.TryReadNext(out _, out _));

        var count = 1;
        var before = GC.GetAllocatedBytesForCurrentThread();
        while (reader.TryReadNext(out _, out _))
        {
            count++;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(64, count);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Opening_a_path_reads_the_file_and_dispose_closes_it()
    {
        var path = Captures.SamplePath("refused-lo-ipv4.pcap");
        var reader = CaptureReader.Open(path);
        var (packets, end) = Captures.ReadAll(reader);
        reader.Dispose();
        Assert.Equal(2, packets.Count);
        Assert.Equal(CaptureErrorReason.None, end.Reason);
        Assert.Throws<ObjectDisposedException>(() => reader.TryReadNext(out _, out _));
        using var again = File.Open(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None); // not locked any more
    }

    [Fact]
    public void A_stream_left_open_stays_open()
    {
        var stream = new MemoryStream(LittleEndianFile);
        CaptureReader.Open(stream, leaveOpen: true).Dispose();
        Assert.True(stream.CanRead);
    }

    /// <summary>The same file written by a big-endian machine: every header field byte-swapped.</summary>
    internal static byte[] ToBigEndian(byte[] littleEndian)
    {
        var file = (byte[])littleEndian.Clone();
        Swap(file, 0, 4);
        Swap(file, 4, 2);
        Swap(file, 6, 2);
        for (var field = 8; field < 24; field += 4)
        {
            Swap(file, field, 4);
        }

        for (var at = 24; at < file.Length;)
        {
            var captured = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 8));
            for (var field = 0; field < 16; field += 4)
            {
                Swap(file, at + field, 4);
            }

            at += 16 + captured;
        }

        return file;
    }

    /// <summary>The same little-endian microsecond file with nanosecond magic and fractions.</summary>
    internal static byte[] ToNanoseconds(byte[] microseconds)
    {
        var file = (byte[])microseconds.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(file, 0xA1B23C4D);
        for (var at = 24; at < file.Length;)
        {
            var fraction = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at + 4), fraction * 1000);
            at += 16 + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 8));
        }

        return file;
    }

    private static void Swap(byte[] file, int at, int length) => file.AsSpan(at, length).Reverse();

    private static byte[] Patch(byte[] file, int at, uint value)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
        return copy;
    }
}
