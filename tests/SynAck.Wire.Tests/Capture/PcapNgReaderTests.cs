using System.Buffers.Binary;
using SynAck.Wire.Capture;

namespace SynAck.Wire.Tests.Capture;

public class PcapNgReaderTests
{
    // The smallest useful little-endian pcapng: a Section Header Block without options, an
    // Interface Description Block (raw IP, no snap length, default microsecond resolution), and an
    // Enhanced Packet Block with 5 bytes of data padded to 8.
    private static readonly byte[] MinimalFile =
    [
        0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0x00, 0x00, 0x00, // SHB, 28 bytes
        0x4D, 0x3C, 0x2B, 0x1A, 0x01, 0x00, 0x00, 0x00, // byte-order magic, version 1.0
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // section length unknown
        0x1C, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, // IDB at 28, 20 bytes
        0x65, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // link type 101, reserved, snap length 0
        0x14, 0x00, 0x00, 0x00,
        0x06, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, // EPB at 48, 40 bytes
        0x00, 0x00, 0x00, 0x00,                         // interface 0
        0x00, 0x00, 0x00, 0x00, 0x40, 0x42, 0x0F, 0x00, // timestamp 1000000 µs
        0x05, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x00, 0x00, // captured 5 of 60
        0x45, 0x00, 0x00, 0x3C, 0x12, 0x00, 0x00, 0x00, // data and padding
        0x28, 0x00, 0x00, 0x00,
    ];

    private static readonly byte[] Ipv4Start = [0x45, 0x00, 0x00, 0x14];
    private static readonly byte[] EthernetStart = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x86, 0xDD, 0x60];

    [Fact]
    public void Reads_a_hand_written_minimal_file_field_by_field()
    {
        using var reader = CaptureReader.Open(new MemoryStream(MinimalFile));
        Assert.True(reader.TryReadNext(out var packet, out _));
        Assert.Equal(CaptureFormat.PcapNg, reader.Format);
        Assert.Equal(1_000_000_000, packet.UnixTimeNanoseconds);
        Assert.Equal(LinkType.Raw, packet.LinkType);
        Assert.Equal(0, packet.InterfaceId);
        Assert.Equal(60, packet.OriginalLength);
        Assert.Equal(new byte[] { 0x45, 0x00, 0x00, 0x3C, 0x12 }, packet.Data.ToArray());
        Assert.Equal(48, packet.FileOffset);
        Assert.False(reader.TryReadNext(out _, out var end));
        Assert.Equal(new CaptureError(CaptureErrorReason.None, 88), end);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_interfaces_with_different_link_types_and_resolutions_each_keep_their_own(bool bigEndian)
    {
        var file = new PcapNgBuilder()
            .Section(bigEndian)
            .Interface(LinkType.Raw, snapLength: 65535)                     // microseconds by default
            .Interface(LinkType.Ethernet, snapLength: 200, tsresol: 9)      // nanoseconds
            .Interface(LinkType.LinuxSll2, tsresol: 0x80 | 10)              // 2^-10 s
            .Enhanced(1, 1_700_000_000_123_456_789, EthernetStart, originalLength: 1514)
            .Enhanced(0, 1_700_000_000_123_456, Ipv4Start)
            .Enhanced(2, 3, [1, 2, 3, 4, 5, 6, 7], withComment: true)
            .ToArray();

        var (packets, end) = Captures.ReadAll(file);
        Assert.Equal(CaptureErrorReason.None, end.Reason);
        Assert.Equal(3, packets.Count);

        Assert.Equal((1, LinkType.Ethernet, 1_700_000_000_123_456_789L, 1514L), (packets[0].InterfaceId, packets[0].LinkType, packets[0].UnixTimeNanoseconds, packets[0].OriginalLength));
        Assert.Equal(EthernetStart, packets[0].Data);
        Assert.Equal((0, LinkType.Raw, 1_700_000_000_123_456_000L), (packets[1].InterfaceId, packets[1].LinkType, packets[1].UnixTimeNanoseconds));
        Assert.Equal(Ipv4Start, packets[1].Data);

        // 3 ticks of 1/1024 s are 2929687.5 ns, rounded down.
        Assert.Equal((2, LinkType.LinuxSll2, 2_929_687L), (packets[2].InterfaceId, packets[2].LinkType, packets[2].UnixTimeNanoseconds));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7 }, packets[2].Data);
    }

    [Theory]
    [InlineData((byte)0, 5UL, 5_000_000_000L)]                      // seconds
    [InlineData((byte)3, 5UL, 5_000_000L)]                          // milliseconds
    [InlineData((byte)12, 1_234_567_890_123UL, 1_234_567_890L)]     // picoseconds round down
    [InlineData((byte)0x80, 2UL, 2_000_000_000L)]                   // 2^0 s
    [InlineData((byte)0x9E, 1UL << 30, 1_000_000_000L)]             // 2^-30 s
    [InlineData((byte)60, ulong.MaxValue, 0L)]                      // 10^-60 s: every count is below 1 ns
    public void Interface_timestamp_resolution_converts_ticks_to_nanoseconds(byte tsresol, ulong ticks, long nanoseconds)
    {
        var file = new PcapNgBuilder().Section().Interface(LinkType.Raw, tsresol: tsresol).Enhanced(0, ticks, Ipv4Start).ToArray();
        var (packets, end) = Captures.ReadAll(file);
        Assert.Equal(CaptureErrorReason.None, end.Reason);
        Assert.Equal(nanoseconds, Assert.Single(packets).UnixTimeNanoseconds);
    }

    [Fact]
    public void Interface_timestamp_offset_adds_whole_seconds()
    {
        var file = new PcapNgBuilder().Section().Interface(LinkType.Raw, tsoffset: 1_000).Enhanced(0, 1_500_000, Ipv4Start).ToArray();
        Assert.Equal(1_001_500_000_000L, Assert.Single(Captures.ReadAll(file).Packets).UnixTimeNanoseconds);
    }

    [Fact]
    public void A_timestamp_beyond_2262_is_out_of_range()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkType.Raw, tsresol: 9)
            .Enhanced(0, 1, Ipv4Start)
            .Enhanced(0, (ulong)long.MaxValue + 1, Ipv4Start);
        var (packets, end) = Captures.ReadAll(builder.ToArray());
        Assert.Single(packets);
        Assert.Equal(new CaptureError(CaptureErrorReason.TimestampOutOfRange, builder.BlockStarts[^1]), end);
    }

    [Fact]
    public void Simple_packet_block_uses_interface_0_with_no_timestamp_and_the_snap_length()
    {
        var data = Enumerable.Range(0, 10).Select(i => (byte)i).ToArray();
        var file = new PcapNgBuilder().Section().Interface(LinkType.Raw, snapLength: 6)
            .Simple(data[..6], originalLength: 10)
            .Simple(data[..3], originalLength: 3)
            .ToArray();
        var (packets, end) = Captures.ReadAll(file);
        Assert.Equal(CaptureErrorReason.None, end.Reason);
        Assert.Equal(2, packets.Count);
        Assert.Equal((0L, 10L, 0), (packets[0].UnixTimeNanoseconds, packets[0].OriginalLength, packets[0].InterfaceId));
        Assert.Equal(data[..6], packets[0].Data);
        Assert.Equal(data[..3], packets[1].Data);
    }

    [Fact]
    public void The_obsolete_packet_block_reads_like_an_enhanced_one()
    {
        var file = new PcapNgBuilder().Section(bigEndian: true).Interface(LinkType.Ethernet).Interface(LinkType.Raw)
            .ObsoletePacket(1, 7_000_001, Ipv4Start, originalLength: 40)
            .ToArray();
        var packet = Assert.Single(Captures.ReadAll(file).Packets);
        Assert.Equal((1, LinkType.Raw, 7_000_001_000L, 40L), (packet.InterfaceId, packet.LinkType, packet.UnixTimeNanoseconds, packet.OriginalLength));
        Assert.Equal(Ipv4Start, packet.Data);
    }

    [Fact]
    public void Blocks_of_other_types_are_skipped_by_their_length()
    {
        var file = new PcapNgBuilder().Section()
            .Other(4, 16)            // Name Resolution Block
            .Interface(LinkType.Raw)
            .Other(0x0000_0BAD, 9)   // custom block
            .Enhanced(0, 1, Ipv4Start)
            .Other(5, 24)            // Interface Statistics Block
            .Other(10, 0)            // Decryption Secrets Block, empty
            .Enhanced(0, 2, Ipv4Start)
            .ToArray();
        var (packets, end) = Captures.ReadAll(file);
        Assert.Equal(2, packets.Count);
        Assert.Equal(CaptureErrorReason.None, end.Reason);
    }

    [Fact]
    public void Each_section_has_its_own_byte_order_and_interfaces()
    {
        var builder = new PcapNgBuilder()
            .Section().Interface(LinkType.Ethernet).Interface(LinkType.Raw).Enhanced(1, 1, Ipv4Start)
            .Section(bigEndian: true).Interface(LinkType.LinuxSll, tsresol: 9).Enhanced(0, 2, [9, 9])
            .Section().Interface(LinkType.Ipv4).Enhanced(0, 3, Ipv4Start)
            .Enhanced(1, 4, Ipv4Start); // only interface 0 exists in this section
        var (packets, end) = Captures.ReadAll(builder.ToArray());
        Assert.Equal([LinkType.Raw, LinkType.LinuxSll, LinkType.Ipv4], packets.Select(p => p.LinkType));
        Assert.Equal([1_000L, 2L, 3_000L], packets.Select(p => p.UnixTimeNanoseconds));
        Assert.Equal(new CaptureError(CaptureErrorReason.UnknownInterface, builder.BlockStarts[^1]), end);
    }

    [Fact]
    public void A_packet_before_any_interface_description_names_an_unknown_interface()
    {
        var builder = new PcapNgBuilder().Section().Enhanced(0, 1, Ipv4Start);
        Assert.Equal(new CaptureError(CaptureErrorReason.UnknownInterface, builder.BlockStarts[1]), Captures.ReadAll(builder.ToArray()).End);

        builder = new PcapNgBuilder().Section().Simple(Ipv4Start, 4);
        Assert.Equal(CaptureErrorReason.UnknownInterface, Captures.ReadAll(builder.ToArray()).End.Reason);
    }

    [Fact]
    public void A_trailing_length_that_differs_from_the_leading_one_is_a_mismatch()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkType.Raw).Enhanced(0, 1, Ipv4Start).Enhanced(0, 2, Ipv4Start);
        var file = builder.ToArray();
        file[^4] ^= 0x04; // the last block's trailing length
        var (packets, end) = Captures.ReadAll(file);
        Assert.Single(packets);
        Assert.Equal(new CaptureError(CaptureErrorReason.BlockLengthMismatch, builder.BlockStarts[^1]), end);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(8u)]
    [InlineData(13u)]
    [InlineData(30u)]
    public void A_block_length_below_the_minimum_or_not_a_multiple_of_4_is_bad(uint length)
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkType.Raw).Enhanced(0, 1, Ipv4Start);
        var file = builder.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)builder.BlockStarts[^1] + 4), length);
        Assert.Equal(new CaptureError(CaptureErrorReason.BadBlockLength, builder.BlockStarts[^1]), Captures.ReadAll(file).End);
    }

    [Fact]
    public void A_captured_length_that_does_not_fit_its_block_is_an_error()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkType.Raw).Enhanced(0, 1, Ipv4Start);
        var file = builder.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)builder.BlockStarts[^1] + 20), 5); // 5 bytes padded to 8 in a block with room for 4
        Assert.Equal(new CaptureError(CaptureErrorReason.CapturedLengthExceedsBlock, builder.BlockStarts[^1]), Captures.ReadAll(file).End);
    }

    [Fact]
    public void A_captured_length_above_the_interface_snap_length_is_an_error()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkType.Raw, snapLength: 3).Enhanced(0, 1, Ipv4Start);
        Assert.Equal(new CaptureError(CaptureErrorReason.CapturedLengthExceedsSnapLength, builder.BlockStarts[^1]), Captures.ReadAll(builder.ToArray()).End);
    }

    [Fact]
    public void A_byte_order_magic_that_is_neither_order_is_an_error()
    {
        var file = (byte[])MinimalFile.Clone();
        file[8] = 0x4E;
        Assert.Equal(new CaptureError(CaptureErrorReason.BadByteOrderMagic, 0), Captures.ReadAll(file).End);
    }

    [Fact]
    public void A_section_of_major_version_2_is_unsupported()
    {
        var file = new PcapNgBuilder().Section(major: 2).Interface(LinkType.Raw).ToArray();
        Assert.Equal(new CaptureError(CaptureErrorReason.UnsupportedVersion, 0), Captures.ReadAll(file).End);
    }

    [Fact]
    public void An_option_running_past_its_block_or_a_resolution_of_the_wrong_size_is_invalid()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkType.Raw, tsresol: 9);
        var file = builder.ToArray();
        var idb = (int)builder.BlockStarts[1];
        var resolutionOption = idb + 16 + 8; // after the if_name option ("eth0")
        Assert.Equal(9, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(resolutionOption)));

        var tooLong = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(tooLong.AsSpan(resolutionOption + 2), 200);
        Assert.Equal(new CaptureError(CaptureErrorReason.InvalidOption, idb), Captures.ReadAll(tooLong).End);

        var wrongSize = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(wrongSize.AsSpan(resolutionOption + 2), 2);
        Assert.Equal(new CaptureError(CaptureErrorReason.InvalidOption, idb), Captures.ReadAll(wrongSize).End);
    }
}
