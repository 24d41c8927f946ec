using SynAck.Wire.Tcp;

namespace SynAck.Wire.Tests.Tcp;

public class TcpHeaderTests
{
    public static TheoryData<string> FullChecksumSegments => new(
        nameof(KernelSegments.Syn),
        nameof(KernelSegments.SynAck),
        nameof(KernelSegments.SynAckWithoutTimestamps),
        nameof(KernelSegments.Data),
        nameof(KernelSegments.Sack),
        nameof(KernelSegments.Fin),
        nameof(KernelSegments.FinPushRetransmission),
        nameof(KernelSegments.Rst),
        nameof(KernelSegments.LoopbackRstAck));

    [Theory]
    [MemberData(nameof(FullChecksumSegments))]
    public void Kernel_segment_parsed_and_written_again_is_the_same_bytes(string name)
    {
        var captured = KernelSegments.Get(name);
        Assert.True(TcpHeader.TryParse(captured.Bytes, out var header, out var headerLength, out var error));
        Assert.Equal(TcpParseError.None, error);

        var segment = new byte[captured.Bytes.Length];
        Assert.True(header.TryWriteBytes(segment, out var written, TcpOptionLayout.Linux));
        Assert.Equal(headerLength, written);
        Assert.Equal(headerLength, header.GetEncodedLength(TcpOptionLayout.Linux));
        Assert.Equal(0, segment[16] | segment[17]);
        captured.Bytes.AsSpan(headerLength).CopyTo(segment.AsSpan(written));
        TcpChecksum.WriteIPv4(captured.Source, captured.Destination, segment);

        Assert.Equal(Convert.ToHexStringLower(captured.Bytes), Convert.ToHexStringLower(segment));
    }

    [Fact]
    public void TryParse_reports_the_header_length_and_rejects_what_the_view_rejects()
    {
        Assert.True(TcpHeader.TryParse(KernelSegments.Data.Bytes, out var header, out var headerLength, out _));
        Assert.Equal(32, headerLength);
        Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, header.Flags);
        Assert.True(header.Has(TcpFlags.Ack));

        Assert.False(TcpHeader.TryParse(KernelSegments.Data.Bytes.AsSpan(0, 31), out header, out headerLength, out var error));
        Assert.Equal(TcpParseError.DataOffsetBeyondSegment, error);
        Assert.Equal(0, headerLength);
        Assert.Equal(default, header);
    }

    [Fact]
    public void Writing_sets_the_data_offset_from_the_options_and_leaves_reserved_bits_clear()
    {
        var header = new TcpHeader
        {
            SourcePort = 1,
            DestinationPort = 2,
            Flags = TcpFlags.Ae | TcpFlags.Cwr | TcpFlags.Ece | TcpFlags.Syn,
            Options = new TcpOptions { MaximumSegmentSize = 1460, WindowScale = 7 },
        };
        var destination = new byte[60];

        Assert.True(header.TryWriteBytes(destination, out var written));
        Assert.Equal(28, written);
        Assert.Equal(0x71, destination[12]); // data offset 7, reserved 000, AE 1
        Assert.Equal(0xC2, destination[13]); // CWR, ECE, SYN
    }

    [Fact]
    public void The_urgent_pointer_and_window_are_written_big_endian()
    {
        var header = new TcpHeader { Flags = TcpFlags.Urg | TcpFlags.Ack, Window = 0xABCD, UrgentPointer = 0x0102, Checksum = 0xFFFF };
        var destination = new byte[20];

        Assert.True(header.TryWriteBytes(destination, out _));
        Assert.Equal("00000000 00000000 00000000 5030abcd 00000102", Words(destination));
    }

    [Fact]
    public void A_header_whose_options_do_not_fit_is_not_written()
    {
        var header = new TcpHeader
        {
            Options = new TcpOptions
            {
                Timestamps = new TcpTimestampOption(1, 1),
                SackBlocks = new SackBlockList([new SackBlock(1u, 2u), new SackBlock(3u, 4u), new SackBlock(5u, 6u), new SackBlock(7u, 8u)]),
            },
        };
        var destination = new byte[80];
        destination.AsSpan().Fill(0xAA);

        Assert.Equal(68, header.GetEncodedLength());
        Assert.False(header.TryWriteBytes(destination, out var written));
        Assert.Equal(0, written);
        Assert.All(destination, b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void A_destination_shorter_than_the_header_is_not_written()
    {
        var header = new TcpHeader { Options = new TcpOptions { MaximumSegmentSize = 536 } };
        Assert.False(header.TryWriteBytes(new byte[23], out var written));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData(0x200)]
    [InlineData(0x800)]
    [InlineData(0x1000)]
    public void Writing_flags_outside_the_nine_control_bits_is_a_caller_error(int flags)
    {
        var header = new TcpHeader { Flags = (TcpFlags)flags | TcpFlags.Ack };
        Assert.Throws<InvalidOperationException>(() => header.TryWriteBytes(new byte[20], out _));
    }

    [Fact]
    public void Any_header_round_trips_through_bytes_in_either_layout()
    {
        Property.ForAll(CsCheck.Gen.Select(TcpGenerators.Header, TcpGenerators.Layout, (h, l) => (h, l)), 3000, input =>
        {
            var (header, layout) = input;
            var destination = new byte[TcpHeader.MaximumLength];
            Assert.True(header.TryWriteBytes(destination, out var written, layout));
            Assert.Equal(header.GetEncodedLength(layout), written);

            Assert.True(TcpHeader.TryParse(destination.AsSpan(0, written), out var parsed, out var headerLength, out var error), error.ToString());
            Assert.Equal(written, headerLength);
            Assert.Equal(header, parsed);
        });
    }

    [Fact]
    public void Reading_and_writing_a_header_with_options_allocates_nothing()
    {
        // DESIGN.md performance budget: no heap allocation per segment.
        var captured = KernelSegments.SynAck;
        var destination = new byte[TcpHeader.MaximumLength];
        var total = RoundTrip(captured, destination); // first calls JIT-compile and initialise
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            total += RoundTrip(captured, destination);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(101 * 45, total);
    }

    private static int RoundTrip(CapturedSegment captured, byte[] destination)
    {
        TcpSegmentView.TryCreate(captured.Bytes, out var view, out _);
        var options = 0;
        foreach (var option in view.Options)
        {
            options++;
        }

        TcpHeader.TryParse(captured.Bytes, out var header, out _, out _);
        header.TryWriteBytes(destination, out var written);
        TcpChecksum.WriteIPv4(captured.Source, captured.Destination, destination.AsSpan(0, written));
        return options + written;
    }

    private static string Words(ReadOnlySpan<byte> bytes)
    {
        var hex = Convert.ToHexStringLower(bytes);
        return string.Join(' ', Enumerable.Range(0, hex.Length / 8).Select(i => hex.Substring(i * 8, 8)));
    }
}
