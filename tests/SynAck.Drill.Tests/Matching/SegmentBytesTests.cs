using SynAck.Drill.Matching;
using SynAck.Drill.Syntax;
using SynAck.Drill.Tests.Syntax;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Tests.Matching;

public sealed class SegmentBytesTests
{
    // A FreeBSD SYN-ACK: 8080 -> 40000, seq 0x11223344, ack 1, win 65535, <mss 1460,sackOK,eol,eol>.
    private static readonly byte[] FreeBsdSynAck =
    [
        0x1f, 0x90, 0x9c, 0x40, 0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x01, 0x70, 0x12, 0xff, 0xff,
        0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x00, 0x00,
    ];

    [Fact]
    public void A_sent_segment_lists_every_option_byte_as_packetdrill_walks_them_EOL_padding_included()
    {
        Assert.True(ObservedSegment.TryParse(FreeBsdSynAck, EcnCodepoint.NotEct, out var segment, out var error), error.ToString());

        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, segment.Flags);
        Assert.Equal((0x11223344u, 1u, (ushort)65535, 0), (segment.SequenceNumber, segment.AcknowledgmentNumber, segment.Window, segment.PayloadLength));
        Assert.Equal(
            [TcpOptionKind.MaximumSegmentSize, TcpOptionKind.SackPermitted, TcpOptionKind.EndOfOptionList, TcpOptionKind.EndOfOptionList],
            segment.Options.Select(o => o.Kind));
        Assert.Equal("S. 287454020:287454020(0) ack 1 win 65535 <mss 1460,sackOK,eol,eol>", segment.ToString());
    }

    [Fact]
    public void Garbage_after_an_EOL_is_a_parse_failure_not_an_exception()
    {
        byte[] bytes = [.. FreeBsdSynAck[..26], 0x00, 0x08]; // EOL, then a timestamp kind with no room

        Assert.False(ObservedSegment.TryParse(bytes, EcnCodepoint.NotEct, out _, out var error));
        Assert.Equal(TcpParseError.OptionTruncated, error);
    }

    [Fact]
    public void A_truncated_segment_is_a_parse_failure()
    {
        Assert.False(ObservedSegment.TryParse(FreeBsdSynAck.AsSpan(0, 19), EcnCodepoint.NotEct, out _, out var error));
        Assert.Equal(TcpParseError.TooShort, error);
    }

    [Fact]
    public void An_inbound_SYN_is_written_byte_for_byte_with_its_options_in_script_order()
    {
        var line = Parse.Packet("0 < S 0:0(0) win 32767 <mss 1460,sackOK,eol,eol>");
        Assert.True(ScriptSpace.TryMapInbound(line, new ConnectionNumbering(), new TimestampNumbering(), out var segment, out _));
        var bytes = new byte[segment.Length];

        var written = segment.WriteTo(bytes, sourcePort: 40000, destinationPort: 8080);

        Assert.Equal(28, written);
        Assert.Equal(
            [
                0x9c, 0x40, 0x1f, 0x90, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x70, 0x02, 0x7f, 0xff,
                0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x00, 0x00,
            ],
            bytes);
    }

    [Fact]
    public void An_inbound_data_segment_has_zero_payload_and_reads_back_through_the_wire_parser()
    {
        var numbering = new ConnectionNumbering();
        numbering.LearnRemoteIsn(1000);
        numbering.LearnLocalIsn(0, 5000);
        var line = Parse.Packet("0 < [ect0] P. 1:11(10) ack 1 win 32767 urg 3 <nop,nop,sack 1:2>");
        Assert.True(ScriptSpace.TryMapInbound(line, numbering, new TimestampNumbering(), out var segment, out _));
        var bytes = new byte[segment.Length + 4];

        var written = segment.WriteTo(bytes, 1, 2);

        Assert.Equal(EcnCodepoint.Ect0, segment.Ecn);
        Assert.True(TcpSegmentView.TryCreate(bytes.AsSpan(0, written), out var view, out _));
        var header = view.ToHeader();
        Assert.Equal((1001u, 5001u, (ushort)32767, (ushort)3), (header.SequenceNumber.Value, header.AcknowledgmentNumber.Value, header.Window, header.UrgentPointer));
        Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, header.Flags);
        Assert.Equal(new SackBlock(5001, 5002), header.Options.SackBlocks[0]);
        Assert.Equal(new byte[10], view.Payload.ToArray());
    }

    [Fact]
    public void Explicit_ports_on_the_line_win_over_the_connections()
    {
        Assert.True(ScriptSpace.TryMapInbound(Parse.Packet("0 < 7>9 R 0:0(0) win 0"), new ConnectionNumbering(), new TimestampNumbering(), out var segment, out _));
        var bytes = new byte[segment.Length];

        segment.WriteTo(bytes, 1, 2);

        Assert.Equal([0, 7, 0, 9], bytes[..4]);
    }

    [Fact]
    public void A_destination_too_small_is_a_caller_error()
    {
        Assert.True(ScriptSpace.TryMapInbound(Parse.Packet("0 < R 0:0(0) win 0"), new ConnectionNumbering(), new TimestampNumbering(), out var segment, out _));

        Assert.Throws<ArgumentException>(() => segment.WriteTo(new byte[19], 1, 2));
    }

    [Fact]
    public void An_inbound_echo_reply_takes_the_value_the_stack_sent_and_an_unknown_one_is_an_error()
    {
        var timestamps = new TimestampNumbering();
        timestamps.RecordOutbound(100, valueIgnored: false, liveValue: 777);

        Assert.True(ScriptSpace.TryMapInbound(Parse.Packet("0 < . 1:1(0) ack 1 win 1 <nop,nop,TS val 5 ecr 100>"), new ConnectionNumbering(), timestamps, out var mapped, out _));
        Assert.True(ScriptSpace.TryMapInbound(Parse.Packet("0 < . 1:1(0) ack 1 win 1 <nop,nop,TS val 5 ecr 100!>"), new ConnectionNumbering(), timestamps, out var absolute, out _));
        Assert.True(ScriptSpace.TryMapInbound(Parse.Packet("0 < S 0:0(0) win 1 <nop,nop,TS val 5 ecr 100>"), new ConnectionNumbering(), timestamps, out var withoutAck, out _));
        Assert.False(ScriptSpace.TryMapInbound(Parse.Packet("0 < . 1:1(0) ack 1 win 1 <nop,nop,TS val 5 ecr 101>"), new ConnectionNumbering(), timestamps, out _, out var error));

        Assert.Equal(777u, mapped.Options.OfType<TimestampOptionSpec>().Single().EchoReply);
        Assert.Equal(100u, absolute.Options.OfType<TimestampOptionSpec>().Single().EchoReply);
        Assert.Equal(100u, withoutAck.Options.OfType<TimestampOptionSpec>().Single().EchoReply);
        Assert.Contains("ecr 101", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Outbound_SACK_blocks_and_timestamp_values_are_mapped_into_script_space()
    {
        var numbering = new ConnectionNumbering();
        numbering.LearnRemoteIsn(1000);
        var timestamps = new TimestampNumbering();
        timestamps.RecordOutbound(100, false, 50_000);
        var live = new ObservedSegment
        {
            Flags = TcpFlags.Ack,
            SequenceNumber = 1,
            AcknowledgmentNumber = 1001,
            Window = 1000,
            PayloadLength = 0,
            Options =
            [
                new(TcpOptionKind.NoOperation, ReadOnlyMemory<byte>.Empty),
                new(TcpOptionKind.NoOperation, ReadOnlyMemory<byte>.Empty),
                new(TcpOptionKind.Timestamps, new byte[] { 0, 0, 0xc3, 0x64, 0, 0, 0, 9 }), // val 50020, ecr 9
                new(TcpOptionKind.NoOperation, ReadOnlyMemory<byte>.Empty),
                new(TcpOptionKind.NoOperation, ReadOnlyMemory<byte>.Empty),
                new(TcpOptionKind.Sack, new byte[] { 0, 0, 0x03, 0xf3, 0, 0, 0x03, 0xfd }), // 1011:1021
            ],
        };

        var mapped = ScriptSpace.MapOutbound(live, Parse.Packet("0 > . 1:1(0) ack 1 <nop,nop,TS val 120 ecr 9,nop,nop,sack 11:21>"), numbering, timestamps);

        Assert.Equal(". 1:1(0) ack 1 win 1000 <nop,nop,TS val 120 ecr 9,nop,nop,sack 11:21>", mapped.ToString());
        Assert.True(timestamps.TryInboundEchoReply(120, out var recorded));
        Assert.Equal(50_020u, recorded);
    }
}
