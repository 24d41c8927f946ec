using SynAck.Drill.Matching;
using SynAck.Drill.Tests.Syntax;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Tests.Matching;

public sealed class SegmentMatcherTests
{
    private static readonly MatchSettings Defaults = new();

    // What "> S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,eol,eol>" describes, already in script space.
    private static readonly ObservedSegment SynAck = new()
    {
        Flags = TcpFlags.Syn | TcpFlags.Ack,
        SequenceNumber = 0,
        AcknowledgmentNumber = 1,
        Window = 65535,
        PayloadLength = 0,
        Options = [Mss(1460), Bare(TcpOptionKind.SackPermitted), Bare(TcpOptionKind.EndOfOptionList), Bare(TcpOptionKind.EndOfOptionList)],
    };

    private static ObservedOption Bare(TcpOptionKind kind) => new(kind, ReadOnlyMemory<byte>.Empty);

    private static ObservedOption Mss(ushort mss) => new(TcpOptionKind.MaximumSegmentSize, new byte[] { (byte)(mss >> 8), (byte)mss });

    private static ObservedOption Timestamp(uint value, uint echo) =>
        new(TcpOptionKind.Timestamps, new byte[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value, (byte)(echo >> 24), (byte)(echo >> 16), (byte)(echo >> 8), (byte)echo });

    private static IReadOnlyList<SegmentMismatch> Compare(string line, ObservedSegment actual, MatchSettings? settings = null) =>
        SegmentMatcher.Compare(Parse.Packet("0 " + line), actual, settings ?? Defaults);

    [Fact]
    public void The_packet_a_line_describes_matches_it()
    {
        Assert.Empty(Compare("> S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,eol,eol>", SynAck));
    }

    public static TheoryData<string, SegmentField, string, string> OneFieldOff() => new()
    {
        { "> S 0:0(0) ack 1 win 65535 <mss 1460,sackOK,eol,eol>", SegmentField.Flags, "S", "S." },
        { "> S. 1:1(0) ack 1 win 65535 <mss 1460,sackOK,eol,eol>", SegmentField.SequenceNumber, "1", "0" },
        { "> S. 0:0(0) ack 2 win 65535 <mss 1460,sackOK,eol,eol>", SegmentField.AcknowledgmentNumber, "2", "1" },
        { "> S. 0:0(0) win 65535 <mss 1460,sackOK,eol,eol>", SegmentField.AcknowledgmentNumber, "0", "1" },
        { "> S. 0:0(0) ack 1 win 1000 <mss 1460,sackOK,eol,eol>", SegmentField.Window, "1000", "65535" },
        { "> S. 0:0(0) ack 1 win 65535 urg 1 <mss 1460,sackOK,eol,eol>", SegmentField.UrgentPointer, "1", "0" },
        { "> S. 0:0(0) ack 1 win 65535 <mss 1440,sackOK,eol,eol>", SegmentField.Options, "<mss 1440,sackOK,eol,eol>", "<mss 1460,sackOK,eol,eol>" },
        { "> S. 0:0(0) ack 1 win 65535 <sackOK,mss 1460,eol,eol>", SegmentField.Options, "<sackOK,mss 1460,eol,eol>", "<mss 1460,sackOK,eol,eol>" },
        { "> S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,nop,nop>", SegmentField.Options, "<mss 1460,sackOK,nop,nop>", "<mss 1460,sackOK,eol,eol>" },
        { "> S. 0:0(0) ack 1 win 65535", SegmentField.Options, "<>", "<mss 1460,sackOK,eol,eol>" },
        { "> S. 0:10(10) ack 1 win 65535 <mss 1460,sackOK,eol,eol>", SegmentField.PayloadLength, "10", "0" },
        { "> [ect0] S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,eol,eol>", SegmentField.Ecn, "ect0", "noecn" },
    };

    [Theory]
    [MemberData(nameof(OneFieldOff))]
    public void A_line_off_in_one_field_gives_one_mismatch_naming_it(string line, SegmentField field, string expected, string actual)
    {
        Assert.Equal([new SegmentMismatch(field, expected, actual)], Compare(line, SynAck));
    }

    [Fact]
    public void Every_differing_field_is_reported()
    {
        Assert.Equal(
            [SegmentField.Flags, SegmentField.SequenceNumber, SegmentField.Window, SegmentField.Options],
            Compare("> F. 5:5(0) ack 1 win 7", SynAck).Select(m => m.Field));
    }

    [Fact]
    public void Without_win_the_window_is_not_checked()
    {
        Assert.Empty(Compare("> S. 0:0(0) ack 1 <mss 1460,sackOK,eol,eol>", SynAck with { Window = 1234 }));
    }

    [Fact]
    public void Ellipsis_options_and_an_ellipsis_sequence_accept_anything_there()
    {
        Assert.Empty(Compare("> S. ...(0) ack 1 win 65535 <...>", SynAck with { SequenceNumber = 99, Options = [Bare(TcpOptionKind.NoOperation)] }));
    }

    [Fact]
    public void The_ack_field_is_compared_even_without_the_ACK_flag()
    {
        var reset = new ObservedSegment { Flags = TcpFlags.Rst, SequenceNumber = 1, AcknowledgmentNumber = 5, Window = 0, PayloadLength = 0 };

        Assert.Equal(SegmentField.AcknowledgmentNumber, Assert.Single(Compare("> R 1:1(0) win 0", reset)).Field);
        Assert.Empty(Compare("> R 1:1(0) win 0", reset with { AcknowledgmentNumber = 0 }));
    }

    [Theory]
    [InlineData(EcnCodepoint.Ect0, true)]
    [InlineData(EcnCodepoint.Ect1, true)]
    [InlineData(EcnCodepoint.NotEct, false)]
    [InlineData(EcnCodepoint.Ce, false)]
    public void Ect01_accepts_either_ECT_codepoint(EcnCodepoint ecn, bool matches)
    {
        var data = new ObservedSegment { Flags = TcpFlags.Psh | TcpFlags.Ack, SequenceNumber = 1, AcknowledgmentNumber = 1, Window = 0, PayloadLength = 10, Ecn = ecn };

        Assert.Equal(matches, Compare("> [ect01] P. 1:11(10) ack 1", data).Count == 0);
    }

    [Fact]
    public void Without_an_IP_annotation_the_ECN_codepoint_is_not_checked()
    {
        Assert.Empty(Compare("> S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,eol,eol>", SynAck with { Ecn = EcnCodepoint.Ce }));
    }

    [Fact]
    public void The_timestamp_echo_reply_is_never_compared_and_the_value_only_with_a_tick()
    {
        static ObservedSegment Syn(uint value) => new()
        {
            Flags = TcpFlags.Syn,
            SequenceNumber = 0,
            AcknowledgmentNumber = 0,
            Window = 65535,
            PayloadLength = 0,
            Options = [Bare(TcpOptionKind.NoOperation), Bare(TcpOptionKind.NoOperation), Timestamp(value, echo: 77)],
        };
        var line = "> S 0:0(0) win 65535 <nop,nop,TS val 100 ecr 0>";
        var tick = new MatchSettings { Tolerance = TimeSpan.FromMilliseconds(50), TimestampTick = TimeSpan.FromMilliseconds(1) };

        Assert.Empty(Compare(line, Syn(9999)));
        Assert.Empty(Compare(line, Syn(150), tick));
        Assert.Empty(Compare(line, Syn(50), tick));
        Assert.Equal(SegmentField.Options, Assert.Single(Compare(line, Syn(151), tick)).Field);
        Assert.Equal(SegmentField.Options, Assert.Single(Compare(line, Syn(49), tick)).Field);
        Assert.Empty(Compare("> S 0:0(0) win 65535 <nop,nop,TS val ... ecr 0>", Syn(9999), tick));
    }

    [Fact]
    public void A_mismatch_prints_as_field_expected_and_actual()
    {
        Assert.Equal("Window: expected 1000, actual 65535", new SegmentMismatch(SegmentField.Window, "1000", "65535").ToString());
    }
}
