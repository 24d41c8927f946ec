using SynAck.Wire.Tcp;

namespace SynAck.Wire.Tests.Tcp;

public class TcpOptionLayoutTests
{
    public static TheoryData<string> SegmentsWithOptions => new(
        nameof(KernelSegments.Syn),
        nameof(KernelSegments.SynAck),
        nameof(KernelSegments.SynAckWithoutTimestamps),
        nameof(KernelSegments.Data),
        nameof(KernelSegments.Sack),
        nameof(KernelSegments.Fin),
        nameof(KernelSegments.LoopbackSyn));

    [Theory]
    [MemberData(nameof(SegmentsWithOptions))]
    public void Linux_layout_emits_the_option_bytes_the_kernel_sent(string name)
    {
        var captured = KernelSegments.Get(name);
        Assert.True(TcpSegmentView.TryCreate(captured.Bytes, out var view, out _));
        var options = view.ToHeader().Options;
        var destination = new byte[TcpOptions.MaxEncodedLength];

        Assert.True(options.TryWriteBytes(destination, out var written, TcpOptionLayout.Linux));
        Assert.Equal(Convert.ToHexStringLower(view.OptionsSpan), Convert.ToHexStringLower(destination.AsSpan(0, written)));
    }

    [Theory]
    [InlineData(true, true, true, "020405b4 0402080a 00000064 00000000 01030307")]   // kernel SYN: mss, sackOK, TS, nop, wscale
    [InlineData(false, true, true, "020405b4 01010402 01030307")]                   // kernel SYN without TS
    [InlineData(true, false, true, "020405b4 0101080a 00000064 00000000 01030307")] // TS without SACK-permitted
    [InlineData(true, true, false, "020405b4 0402080a 00000064 00000000")]
    [InlineData(false, false, false, "020405b4")]
    public void Linux_syn_layout(bool timestamps, bool sackPermitted, bool windowScale, string expected)
    {
        // net/ipv4/tcp_output.c (tcp_options_write): SACK-permitted rides in the timestamp word when both are sent.
        var options = new TcpOptions
        {
            MaximumSegmentSize = 1460,
            Timestamps = timestamps ? new TcpTimestampOption(100, 0) : null,
            SackPermitted = sackPermitted,
            WindowScale = windowScale ? (byte)7 : null,
        };

        Assert.Equal(expected, Emit(options, TcpOptionLayout.Linux));
    }

    [Theory]
    [InlineData(true, true, true, "020405b4 01030306 0402080a 00000064 00000000")]   // mss 1460,nop,wscale 6,sackOK,TS val 100 ecr 0
    [InlineData(false, true, true, "020405b4 01030306 04020000")]                   // sackOK ends at 10 bytes: EOL and a zero pad
    [InlineData(true, false, true, "020405b4 01030306 0101080a 00000064 00000000")]
    [InlineData(true, true, false, "020405b4 0402080a 00000064 00000000")]
    [InlineData(false, false, true, "020405b4 01030306")]
    public void FreeBsd_syn_layout(bool timestamps, bool sackPermitted, bool windowScale, string expected)
    {
        // FreeBSD sys/netinet/tcp_output.c, tcp_addoptions(): options in the order MSS, window scale,
        // SACK-permitted, timestamps, SACK; NOPs until window scale starts at an odd offset,
        // SACK-permitted at an even one, timestamps and SACK at 2 mod 4; then EOL and zeros to a
        // 4-byte boundary. Its SYN prints in packetdrill/tcpdump as mss 1460,nop,wscale 6,sackOK,TS.
        var options = new TcpOptions
        {
            MaximumSegmentSize = 1460,
            Timestamps = timestamps ? new TcpTimestampOption(100, 0) : null,
            SackPermitted = sackPermitted,
            WindowScale = windowScale ? (byte)6 : null,
        };

        Assert.Equal(expected, Emit(options, TcpOptionLayout.FreeBsd));
    }

    [Theory]
    [InlineData(TcpOptionLayout.Linux)]
    [InlineData(TcpOptionLayout.FreeBsd)]
    public void Both_layouts_put_timestamps_then_sack_blocks_behind_two_nops_each_after_the_handshake(TcpOptionLayout layout)
    {
        var options = new TcpOptions
        {
            Timestamps = new TcpTimestampOption(0x11223344, 0x55667788),
            SackBlocks = new SackBlockList([new SackBlock(0x1000u, 0x2000u), new SackBlock(0x3000u, 0x4000u)]),
        };

        Assert.Equal(
            "0101080a 11223344 55667788 01010512 00001000 00002000 00003000 00004000",
            Emit(options, layout));
    }

    [Theory]
    [InlineData(TcpOptionLayout.Linux, "01010402")]
    [InlineData(TcpOptionLayout.FreeBsd, "04020000")]
    public void Sack_permitted_alone(TcpOptionLayout layout, string expected)
        => Assert.Equal(expected, Emit(new TcpOptions { SackPermitted = true }, layout));

    [Theory]
    [InlineData(TcpOptionLayout.Linux)]
    [InlineData(TcpOptionLayout.FreeBsd)]
    public void Window_scale_alone_is_nop_then_the_option(TcpOptionLayout layout)
        => Assert.Equal("01030300", Emit(new TcpOptions { WindowScale = 0 }, layout));

    [Fact]
    public void An_undefined_layout_is_a_caller_error()
    {
        var options = new TcpOptions { MaximumSegmentSize = 1 };
        Assert.Throws<ArgumentOutOfRangeException>(() => options.GetEncodedLength((TcpOptionLayout)7));
    }

    private static string Emit(TcpOptions options, TcpOptionLayout layout)
    {
        var destination = new byte[TcpOptions.MaxEncodedLength];
        Assert.True(options.TryWriteBytes(destination, out var written, layout));
        Assert.Equal(written, options.GetEncodedLength(layout));
        var hex = Convert.ToHexStringLower(destination.AsSpan(0, written));
        return string.Join(' ', Enumerable.Range(0, hex.Length / 8).Select(i => hex.Substring(i * 8, 8)));
    }
}
