using SynAck.Wire.Tcp;

namespace SynAck.Wire.Tests.Tcp;

public class TcpFormattingTests
{
    [Theory]
    [MemberData(nameof(KernelSegments.Names), MemberType = typeof(KernelSegments))]
    public void Kernel_segments_format_as_tcpdump_printed_them(string name)
    {
        var captured = KernelSegments.Get(name);
        Assert.True(TcpSegmentView.TryCreate(captured.Bytes, out var view, out _));
        Assert.Equal(captured.Tcpdump, TcpFormatting.FormatSegment(view));
    }

    // The multi-letter rows are what tcpdump 4.99.3 printed for segments crafted with those bits
    // (an ACK with URG, a SYN with ECE and CWR, all eight classic bits); AE follows tcpdump's
    // source (print-tcp.c, tcp_flag_values: 'e' after 'W').
    [Theory]
    [InlineData(TcpFlags.Syn, "S")]
    [InlineData(TcpFlags.Syn | TcpFlags.Ack, "S.")]
    [InlineData(TcpFlags.Ack, ".")]
    [InlineData(TcpFlags.Psh | TcpFlags.Ack, "P.")]
    [InlineData(TcpFlags.Fin | TcpFlags.Ack, "F.")]
    [InlineData(TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Ack, "FP.")]
    [InlineData(TcpFlags.Rst, "R")]
    [InlineData(TcpFlags.Rst | TcpFlags.Ack, "R.")]
    [InlineData(TcpFlags.Urg | TcpFlags.Ack, ".U")]
    [InlineData(TcpFlags.Syn | TcpFlags.Ece | TcpFlags.Cwr, "SEW")]
    [InlineData(TcpFlags.Fin | TcpFlags.Syn | TcpFlags.Rst | TcpFlags.Psh | TcpFlags.Ack | TcpFlags.Urg | TcpFlags.Ece | TcpFlags.Cwr, "FSRP.UEW")]
    [InlineData(TcpFlags.Ae | TcpFlags.Ack, ".e")]
    [InlineData(TcpFlags.None, "none")]
    public void Flags_print_in_tcpdump_letters_and_order(TcpFlags flags, string expected)
    {
        Assert.Equal(expected, TcpFormatting.FormatFlags(flags));
        Span<char> buffer = stackalloc char[9];
        Assert.True(TcpFormatting.TryFormatFlags(flags, buffer, out var length));
        Assert.Equal(expected, buffer[..length].ToString());
    }

    [Fact]
    public void TryFormatFlags_fails_when_the_buffer_is_too_small()
    {
        Span<char> buffer = stackalloc char[1];
        Assert.False(TcpFormatting.TryFormatFlags(TcpFlags.Syn | TcpFlags.Ack, buffer, out var length));
        Assert.Equal(0, length);
        Assert.False(TcpFormatting.TryFormatFlags(TcpFlags.None, buffer, out _));
    }

    [Fact]
    public void Unknown_and_unread_options_print_as_tcpdump_names_them_with_their_bytes()
    {
        // tcpdump 4.99.3 printed "unknown-153" for kind 0x99 with no data, and " 0x<hex>" follows
        // option data it does not decode.
        var segment = TcpSegmentViewTests.WithOptions("99020101 99040a0b 22020000");

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out _));
        Assert.Equal("[unknown-153,nop,nop,unknown-153 0x0a0b,tfo,eol]", TcpFormatting.FormatOptions(view));
    }

    [Fact]
    public void Sack_blocks_print_with_absolute_edges()
    {
        var segment = TcpSegmentViewTests.WithOptions("01010512 00000005 00000009 fffffff0 00000010");

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out _));
        Assert.Equal("[nop,nop,sack 2 {5:9}{4294967280:16}]", TcpFormatting.FormatOptions(view));
    }

    [Fact]
    public void A_header_without_options_formats_no_option_list()
    {
        Assert.True(TcpSegmentView.TryCreate(KernelSegments.Rst.Bytes, out var view, out _));
        Assert.Equal(string.Empty, TcpFormatting.FormatOptions(view));
    }

    [Fact]
    public void Urgent_pointer_shows_only_with_urg_and_seq_shows_for_data()
    {
        var segment = TcpSegmentViewTests.Header(dataOffset: 5, payloadLength: 2);
        segment[7] = 0xFF;        // seq 255
        segment[12] = 0x50;
        segment[13] = 0x30;       // URG, ACK
        segment[19] = 1;          // urgent pointer 1

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out _));
        Assert.Equal("Flags [.U], seq 255:257, ack 0, win 0, urg 1, length 2", TcpFormatting.FormatSegment(view));
    }

    [Fact]
    public void Fields_format_with_the_stated_payload_length_not_the_bytes_at_hand()
    {
        // A capture cut this segment after its header: the range and length come from the IP header's length.
        Assert.Equal(
            "Flags [P.], seq 4294967000:1112, ack 7, win 64, options [nop,nop,TS val 1 ecr 2], length 1408",
            TcpFormatting.FormatSegment(TcpFlags.Psh | TcpFlags.Ack, 4_294_967_000u, 7u, 64, 0, "[nop,nop,TS val 1 ecr 2]", 1408));
        Assert.Equal("Flags [R], seq 9, win 0, length 0", TcpFormatting.FormatSegment(TcpFlags.Rst, 9u, 0u, 0, 0, "", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpFormatting.FormatSegment(TcpFlags.Ack, 0u, 0u, 0, 0, "", -1));
    }

    [Fact]
    public void Each_known_option_formats_alone()
    {
        var segment = TcpSegmentViewTests.WithOptions("020405b4 01030307 0402080a 00000001 00000000 00000000");

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out _));
        var texts = new List<string>();
        foreach (var option in view.Options)
        {
            texts.Add(TcpFormatting.FormatOption(option));
        }

        Assert.Equal(["mss 1460", "nop", "wscale 7", "sackOK", "TS val 1 ecr 0", "eol"], texts);
    }
}
