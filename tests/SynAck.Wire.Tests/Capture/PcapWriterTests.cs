using CsCheck;
using SynAck.Wire.Capture;

namespace SynAck.Wire.Tests.Capture;

public class PcapWriterTests
{
    // 2024-01-02T03:04:05.123456789Z
    private const long SomeTime = 1_704_164_645_123_456_789;

    [Fact]
    public void File_header_is_little_endian_version_2_4_with_snap_length_and_raw_link_type()
    {
        var stream = new MemoryStream();
        using (new PcapWriter(stream, leaveOpen: true))
        {
        }

        byte[] expected =
        [
            0xD4, 0xC3, 0xB2, 0xA1, // magic 0xA1B2C3D4: microseconds
            0x02, 0x00, 0x04, 0x00, // version 2.4
            0x00, 0x00, 0x00, 0x00, // time zone
            0x00, 0x00, 0x00, 0x00, // accuracy
            0x00, 0x00, 0x04, 0x00, // snap length 262144
            0x65, 0x00, 0x00, 0x00, // link type 101 (raw IP)
        ];
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void Nanosecond_file_header_has_magic_a1b23c4d_and_the_chosen_snap_length_and_link_type()
    {
        var stream = new MemoryStream();
        var options = new PcapWriterOptions { Resolution = TimestampResolution.Nanoseconds, SnapLength = 200, LinkType = LinkType.Ethernet };
        using (new PcapWriter(stream, options, leaveOpen: true))
        {
        }

        byte[] expected =
        [
            0x4D, 0x3C, 0xB2, 0xA1,
            0x02, 0x00, 0x04, 0x00,
            0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
            0xC8, 0x00, 0x00, 0x00, // 200
            0x01, 0x00, 0x00, 0x00, // Ethernet
        ];
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void Record_header_holds_seconds_microseconds_captured_and_original_length()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
        {
            writer.WritePacket(SomeTime, [0x45, 0x00, 0x00]);
        }

        byte[] expected =
        [
            0x25, 0x7D, 0x93, 0x65, // 1704164645 s
            0x40, 0xE2, 0x01, 0x00, // 123456 µs: nanoseconds round down
            0x03, 0x00, 0x00, 0x00, // captured 3
            0x03, 0x00, 0x00, 0x00, // original 3
            0x45, 0x00, 0x00,
        ];
        Assert.Equal(expected, stream.ToArray()[24..]);
    }

    [Fact]
    public void Nanosecond_record_keeps_every_nanosecond()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, new PcapWriterOptions { Resolution = TimestampResolution.Nanoseconds }, leaveOpen: true))
        {
            writer.WritePacket(SomeTime, [0x60]);
        }

        Assert.Equal(new byte[] { 0x15, 0xCD, 0x5B, 0x07 }, stream.ToArray()[28..32]); // 123456789
    }

    [Fact]
    public void Packet_longer_than_the_snap_length_is_cut_and_keeps_its_original_length()
    {
        var stream = new MemoryStream();
        var packet = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        using (var writer = new PcapWriter(stream, new PcapWriterOptions { SnapLength = 40 }, leaveOpen: true))
        {
            writer.WritePacket(SomeTime, packet);
        }

        var bytes = stream.ToArray();
        Assert.Equal(24 + 16 + 40, bytes.Length);
        Assert.Equal(new byte[] { 40, 0, 0, 0, 100, 0, 0, 0 }, bytes[32..40]);
        Assert.Equal(packet[..40], bytes[40..]);
    }

    [Fact]
    public void DateTimeOffset_timestamps_are_written_as_utc()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, new PcapWriterOptions { Resolution = TimestampResolution.Nanoseconds }, leaveOpen: true))
        {
            writer.WritePacket(new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_234_567), [0x45]);
        }

        stream.Position = 0;
        using var reader = CaptureReader.Open(stream);
        Assert.True(reader.TryReadNext(out var packet, out _));
        Assert.Equal(1_704_164_645_123_456_700, packet.UnixTimeNanoseconds);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(4_294_967_296L * 1_000_000_000)]
    public void Times_the_format_cannot_hold_are_rejected(long unixTimeNanoseconds)
    {
        using var writer = new PcapWriter(new MemoryStream());
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(unixTimeNanoseconds, [0x45]));
    }

    [Fact]
    public void A_DateTimeOffset_after_2106_is_rejected()
    {
        using var writer = new PcapWriter(new MemoryStream());
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(DateTimeOffset.MaxValue, [0x45]));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(DateTimeOffset.UnixEpoch.AddTicks(-1), [0x45]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(262_145)]
    public void Snap_length_outside_1_to_262144_is_rejected(int snapLength)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new PcapWriter(new MemoryStream(), new PcapWriterOptions { SnapLength = snapLength }));

    [Fact]
    public void A_read_only_stream_is_rejected()
        => Assert.Throws<ArgumentException>(() => new PcapWriter(new MemoryStream([], writable: false)));

    [Fact]
    public void Dispose_closes_the_stream_unless_asked_to_leave_it_open()
    {
        var kept = new MemoryStream();
        new PcapWriter(kept, leaveOpen: true).Dispose();
        Assert.True(kept.CanWrite);

        var closed = new MemoryStream();
        new PcapWriter(closed).Dispose();
        Assert.False(closed.CanWrite);
    }

    [Fact]
    public void Writing_after_dispose_throws()
    {
        var writer = new PcapWriter(new MemoryStream());
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.WritePacket(0, [0x45]));
    }

    [Fact]
    public void Writing_a_packet_allocates_nothing()
    {
        var stream = new MemoryStream(capacity: 1 << 20);
        using var writer = new PcapWriter(stream, leaveOpen: true);
        var packet = new byte[1500];
        writer.WritePacket(SomeTime, packet);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            writer.WritePacket(SomeTime + i, packet);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back()
    {
        var gen = Gen.Select(
            Gen.Bool,
            Gen.Int[1, 300],
            Gen.Select(Gen.Long[0, 4_294_967_295L * 1_000_000_000], Gen.Byte.Array[0, 400]).List[0, 12]);
        gen.ForAll(seed: 0x9CA9, iterations: 500, c =>
        {
            var (nano, snapLength, packets) = c;
            var stream = new MemoryStream();
            var options = new PcapWriterOptions { Resolution = nano ? TimestampResolution.Nanoseconds : TimestampResolution.Microseconds, SnapLength = snapLength };
            using (var writer = new PcapWriter(stream, options, leaveOpen: true))
            {
                foreach (var (time, data) in packets)
                {
                    writer.WritePacket(time, data);
                }
            }

            var (read, end) = Captures.ReadAll(stream.ToArray());
            Assert.Equal(CaptureErrorReason.None, end.Reason);
            Assert.Equal(packets.Count, read.Count);
            for (var i = 0; i < packets.Count; i++)
            {
                var (time, data) = packets[i];
                Assert.Equal(nano ? time : time / 1000 * 1000, read[i].UnixTimeNanoseconds);
                Assert.Equal(LinkType.Raw, read[i].LinkType);
                Assert.Equal(data.Length, read[i].OriginalLength);
                Assert.Equal(data[..Math.Min(data.Length, snapLength)], read[i].Data);
            }
        });
    }
}
