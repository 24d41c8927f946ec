using System.Text;
using SynAck.Wire.Tcp;

namespace SynAck.Wire.Tests.Tcp;

public class TcpSegmentViewTests
{
    // ---- Segments the Linux kernel sent (see KernelSegments.cs) --------------------------------

    [Fact]
    public void Kernel_syn_ack_reads_field_by_field_as_tcpdump_printed_it()
    {
        Assert.True(TcpSegmentView.TryCreate(KernelSegments.SynAck.Bytes, out var view, out var error));
        Assert.Equal(TcpParseError.None, error);
        Assert.Equal(8080, view.SourcePort);
        Assert.Equal(40000, view.DestinationPort);
        Assert.Equal(200887922u, view.SequenceNumber.Value);
        Assert.Equal(1001u, view.AcknowledgmentNumber.Value);
        Assert.Equal(10, view.DataOffset);
        Assert.Equal(40, view.HeaderLength);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, view.Flags);
        Assert.Equal(0, view.ReservedBits);
        Assert.Equal(65160, view.Window);
        Assert.Equal(0x2546, view.Checksum);
        Assert.Equal(0, view.UrgentPointer);
        Assert.Equal(20, view.OptionsSpan.Length);
        Assert.True(view.Payload.IsEmpty);

        var options = new List<(TcpOptionKind Kind, int Length, string Data)>();
        foreach (var option in view.Options)
        {
            options.Add((option.Kind, option.Length, Convert.ToHexStringLower(option.Data)));
        }

        Assert.Equal(
            [
                (TcpOptionKind.MaximumSegmentSize, 4, "05b4"),
                (TcpOptionKind.SackPermitted, 2, ""),
                (TcpOptionKind.Timestamps, 10, "109c755800000001"),
                (TcpOptionKind.NoOperation, 1, ""),
                (TcpOptionKind.WindowScale, 3, "0a"),
            ],
            options);
    }

    [Fact]
    public void Kernel_syn_converts_to_a_record_with_its_options()
    {
        Assert.True(TcpSegmentView.TryCreate(KernelSegments.Syn.Bytes, out var view, out _));
        var header = view.ToHeader();

        Assert.Equal(
            new TcpHeader
            {
                SourcePort = 51738,
                DestinationPort = 9000,
                SequenceNumber = 1063669848u,
                AcknowledgmentNumber = 0u,
                Flags = TcpFlags.Syn,
                Window = 64240,
                Checksum = 0x4794,
                UrgentPointer = 0,
                Options = new TcpOptions
                {
                    MaximumSegmentSize = 1460,
                    SackPermitted = true,
                    Timestamps = new TcpTimestampOption(1191558509, 0),
                    WindowScale = 10,
                },
            },
            header);
    }

    [Fact]
    public void Kernel_data_segment_carries_its_payload_after_a_32_byte_header()
    {
        Assert.True(TcpSegmentView.TryCreate(KernelSegments.Data.Bytes, out var view, out _));
        Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, view.Flags);
        Assert.Equal(200887923u, view.SequenceNumber.Value);
        Assert.Equal(1201u, view.AcknowledgmentNumber.Value);
        Assert.Equal(64, view.Window);
        Assert.Equal(8, view.DataOffset);
        Assert.Equal("world!\n", Encoding.ASCII.GetString(view.Payload));
        Assert.Equal(new TcpTimestampOption(278689112, 4), view.ToHeader().Options.Timestamps);
    }

    [Fact]
    public void Kernel_duplicate_ack_carries_one_sack_block_for_the_out_of_order_bytes()
    {
        Assert.True(TcpSegmentView.TryCreate(KernelSegments.Sack.Bytes, out var view, out _));
        var options = view.ToHeader().Options;

        Assert.Equal(TcpFlags.Ack, view.Flags);
        Assert.Equal(1001u, view.AcknowledgmentNumber.Value);
        Assert.Equal(new SackBlockList([new SackBlock(1101u, 1201u)]), options.SackBlocks);
        Assert.Equal(new TcpTimestampOption(278689112, 2), options.Timestamps);
        Assert.Null(options.MaximumSegmentSize);
    }

    [Fact]
    public void Kernel_rst_to_a_stray_ack_has_no_options_and_takes_its_seq_from_that_ack()
    {
        Assert.True(TcpSegmentView.TryCreate(KernelSegments.Rst.Bytes, out var view, out _));
        Assert.Equal(TcpFlags.Rst, view.Flags);
        Assert.Equal(7000u, view.SequenceNumber.Value);
        Assert.Equal(0u, view.AcknowledgmentNumber.Value);
        Assert.Equal(0, view.Window);
        Assert.Equal(5, view.DataOffset);
        Assert.True(view.OptionsSpan.IsEmpty);
        Assert.True(view.Payload.IsEmpty);
        foreach (var option in view.Options)
        {
            Assert.Fail($"An option-less header enumerated {option.Kind}.");
        }
    }

    [Fact]
    public void Kernel_fin_is_fin_ack_with_timestamps()
    {
        Assert.True(TcpSegmentView.TryCreate(KernelSegments.Fin.Bytes, out var view, out _));
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, view.Flags);
        Assert.True(view.Has(TcpFlags.Fin));
        Assert.False(view.Has(TcpFlags.Fin | TcpFlags.Psh));
        Assert.Equal(200887930u, view.SequenceNumber.Value);
        Assert.Equal(new TcpTimestampOption(278689213, 4), view.ToHeader().Options.Timestamps);
    }

    // ---- Fixed fields -----------------------------------------------------------------------------

    [Theory]
    [InlineData(0, TcpFlags.Fin)]
    [InlineData(1, TcpFlags.Syn)]
    [InlineData(2, TcpFlags.Rst)]
    [InlineData(3, TcpFlags.Psh)]
    [InlineData(4, TcpFlags.Ack)]
    [InlineData(5, TcpFlags.Urg)]
    [InlineData(6, TcpFlags.Ece)]
    [InlineData(7, TcpFlags.Cwr)]
    [InlineData(8, TcpFlags.Ae)]
    public void Each_control_bit_reads_as_its_own_flag(int bit, TcpFlags expected)
    {
        var segment = Header(dataOffset: 5);
        var word = (ushort)((5 << 12) | (1 << bit));
        segment[12] = (byte)(word >> 8);
        segment[13] = (byte)word;

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out _));
        Assert.Equal(expected, view.Flags);
        Assert.Equal(5, view.DataOffset);
    }

    [Fact]
    public void Ae_is_the_low_bit_of_byte_12_next_to_cwr()
    {
        var segment = Header(dataOffset: 5);
        segment[12] = 0x51;
        segment[13] = 0x80;

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out _));
        Assert.Equal(TcpFlags.Ae | TcpFlags.Cwr, view.Flags);
    }

    [Fact]
    public void Reserved_bits_are_ignored_in_flags_but_readable()
    {
        // RFC 9293 §3.1: the reserved bits must be zero in generated segments and ignored when received.
        var segment = Header(dataOffset: 5);
        segment[12] = 0x5E;
        segment[13] = 0x12;

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out _));
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, view.Flags);
        Assert.Equal(7, view.ReservedBits);
        Assert.Equal(5, view.DataOffset);
    }

    [Fact]
    public void Every_fixed_field_reads_big_endian_from_its_offset()
    {
        byte[] segment =
        [
            0x12, 0x34, 0xAB, 0xCD, // ports
            0x80, 0x00, 0x00, 0x01, // seq
            0xFF, 0xFF, 0xFF, 0xFE, // ack
            0x50, 0x38, 0xFE, 0xDC, // offset 5, URG|ACK|PSH, window
            0xBE, 0xEF, 0x01, 0x02, // checksum, urgent pointer
            0x61, 0x62,             // payload "ab"
        ];

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out _));
        Assert.Equal(0x1234, view.SourcePort);
        Assert.Equal(0xABCD, view.DestinationPort);
        Assert.Equal(0x8000_0001u, view.SequenceNumber.Value);
        Assert.Equal(0xFFFF_FFFEu, view.AcknowledgmentNumber.Value);
        Assert.Equal(TcpFlags.Urg | TcpFlags.Ack | TcpFlags.Psh, view.Flags);
        Assert.Equal(0xFEDC, view.Window);
        Assert.Equal(0xBEEF, view.Checksum);
        Assert.Equal(0x0102, view.UrgentPointer);
        Assert.Equal("ab"u8.ToArray(), view.Payload.ToArray());
        Assert.Equal(segment, view.Bytes.ToArray());
    }

    [Fact]
    public void Data_offset_15_gives_a_60_byte_header_with_40_option_bytes()
    {
        var segment = Header(dataOffset: 15, payloadLength: 3);
        segment.AsSpan(20, 40).Fill((byte)TcpOptionKind.NoOperation);

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out _));
        Assert.Equal(15, view.DataOffset);
        Assert.Equal(60, view.HeaderLength);
        Assert.Equal(40, view.OptionsSpan.Length);
        Assert.Equal(3, view.Payload.Length);
        var count = 0;
        foreach (var option in view.Options)
        {
            Assert.Equal(TcpOptionKind.NoOperation, option.Kind);
            Assert.Equal(1, option.Length);
            count++;
        }

        Assert.Equal(40, count);
    }

    // ---- Options ----------------------------------------------------------------------------------

    [Fact]
    public void Unknown_option_kinds_are_enumerated_in_wire_order_and_skipped_by_the_record()
    {
        // RFC 9293 MUST-6: an option the receiver does not know is skipped by its length.
        var segment = WithOptions("fe06f9890102 02040218 99020000 0000");

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out var error), error.ToString());
        var seen = new List<(byte Kind, int Length, string Data)>();
        foreach (var option in view.Options)
        {
            seen.Add(((byte)option.Kind, option.Length, Convert.ToHexStringLower(option.Data)));
        }

        Assert.Equal([(254, 6, "f9890102"), (2, 4, "0218"), (0x99, 2, ""), (0, 1, "")], seen);
        Assert.Equal(new TcpOptions { MaximumSegmentSize = 536 }, view.ToHeader().Options);
    }

    [Fact]
    public void Enumeration_stops_after_end_of_option_list_and_the_bytes_after_it_are_padding()
    {
        // RFC 9293 §3.1: the End of Option List marks the end of all options; what follows is padding.
        var segment = WithOptions("01000401");

        Assert.True(TcpSegmentView.TryCreate(segment, out var view, out _));
        var kinds = new List<TcpOptionKind>();
        foreach (var option in view.Options)
        {
            kinds.Add(option.Kind);
        }

        Assert.Equal([TcpOptionKind.NoOperation, TcpOptionKind.EndOfOptionList], kinds);
        Assert.True(view.ToHeader().Options.IsEmpty);
    }

    // ---- Rejections -------------------------------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(19)]
    public void Fewer_than_20_bytes_is_too_short(int length)
    {
        Assert.False(TcpSegmentView.TryCreate(new byte[length], out _, out var error));
        Assert.Equal(TcpParseError.TooShort, error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Data_offset_below_5_is_rejected(int dataOffset)
    {
        var segment = Header(dataOffset: 5, payloadLength: 40);
        segment[12] = (byte)(dataOffset << 4);

        Assert.False(TcpSegmentView.TryCreate(segment, out _, out var error));
        Assert.Equal(TcpParseError.DataOffsetTooSmall, error);
    }

    [Fact]
    public void Data_offset_past_the_end_of_the_segment_is_rejected()
    {
        var segment = Header(dataOffset: 6);

        Assert.False(TcpSegmentView.TryCreate(segment.AsSpan(0, 23), out _, out var error));
        Assert.Equal(TcpParseError.DataOffsetBeyondSegment, error);
        Assert.True(TcpSegmentView.TryCreate(segment.AsSpan(0, 24), out _, out _));
    }

    [Theory]
    [InlineData("02000000", TcpParseError.OptionLengthIllegal)]         // length 0
    [InlineData("99010000", TcpParseError.OptionLengthIllegal)]         // length 1, unknown kind
    [InlineData("01010102", TcpParseError.OptionTruncated)]             // kind at the last byte, no length byte
    [InlineData("0101990a", TcpParseError.OptionTruncated)]             // length 10 runs past the header
    [InlineData("02030500", TcpParseError.OptionLengthWrongForKind)]    // MSS with length 3
    [InlineData("02050000 00000000", TcpParseError.OptionLengthWrongForKind)] // MSS with length 5
    [InlineData("03020000", TcpParseError.OptionLengthWrongForKind)]    // window scale with length 2
    [InlineData("04030000", TcpParseError.OptionLengthWrongForKind)]    // SACK-permitted with length 3
    [InlineData("080c0000 00000000 00000000", TcpParseError.OptionLengthWrongForKind)] // timestamps with length 12
    [InlineData("05020000", TcpParseError.SackBlockCountIllegal)]       // SACK with no block
    [InlineData("050b0000 00000000 00000000", TcpParseError.SackBlockCountIllegal)] // SACK length not 2 + 8n
    public void Illegal_option_lengths_fail_with_their_reason(string options, TcpParseError expected)
    {
        // RFC 9293 MUST-7: a TCP implementation must handle an illegal option length without crashing;
        // SynAck rejects the segment.
        Assert.False(TcpSegmentView.TryCreate(WithOptions(options), out var view, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(0, view.Bytes.Length);
    }

    internal static byte[] Header(int dataOffset, int payloadLength = 0)
    {
        var segment = new byte[(dataOffset * 4) + payloadLength];
        segment[12] = (byte)(dataOffset << 4);
        return segment;
    }

    internal static byte[] WithOptions(string optionsHex)
    {
        var options = Convert.FromHexString(optionsHex.Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal(0, options.Length % 4);
        var segment = Header(5 + (options.Length / 4));
        options.CopyTo(segment, 20);
        return segment;
    }
}
