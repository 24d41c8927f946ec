using SynAck.Drill.Syntax;
using SynAck.Wire;

namespace SynAck.Drill.Tests.Syntax;

public sealed class PacketParsingTests
{
    [Fact]
    public void A_FreeBSD_SYN_line_parses_field_by_field()
    {
        var packet = Parse.Packet("+0.00 > S  0:0(0)       win 65535 <mss 1460,nop,wscale 6,sackOK,TS val 100 ecr 0>");

        Assert.Equal(PacketDirection.Outbound, packet.Direction);
        Assert.Equal(TcpFlags.Syn, packet.Flags);
        Assert.Equal(new SequenceSpec(0, 0), packet.Sequence);
        Assert.Null(packet.Acknowledgment);
        Assert.Equal((ushort)65535, packet.Window);
        Assert.Null(packet.UrgentPointer);
        Assert.False(packet.AnyOptions);
        Assert.Equal<TcpOptionSpec>(
            [new MssOptionSpec(1460), new NopOptionSpec(), new WindowScaleOptionSpec(6), new SackPermittedOptionSpec(), new TimestampOptionSpec(100, 0)],
            packet.Options);
    }

    [Theory]
    [InlineData("S", TcpFlags.Syn)]
    [InlineData("S.", TcpFlags.Syn | TcpFlags.Ack)]
    [InlineData(".", TcpFlags.Ack)]
    [InlineData("P.", TcpFlags.Psh | TcpFlags.Ack)]
    [InlineData("F.", TcpFlags.Fin | TcpFlags.Ack)]
    [InlineData("R", TcpFlags.Rst)]
    [InlineData("R.", TcpFlags.Rst | TcpFlags.Ack)]
    [InlineData("SEW", TcpFlags.Syn | TcpFlags.Ece | TcpFlags.Cwr)]
    [InlineData("SE.", TcpFlags.Syn | TcpFlags.Ece | TcpFlags.Ack)]
    [InlineData("U.", TcpFlags.Urg | TcpFlags.Ack)]
    [InlineData("A.", TcpFlags.Ae | TcpFlags.Ack)]
    [InlineData("-", TcpFlags.None)]
    public void Flag_letters_map_to_TCP_flags(string letters, TcpFlags flags)
    {
        Assert.Equal(flags, Parse.Packet($"0 > {letters} 1:1(0) ack 1").Flags);
    }

    [Fact]
    public void Ack_win_and_urg_are_read_and_payload_length_comes_from_the_sequence_range()
    {
        var packet = Parse.Packet("0 < P. 1:1001(1000) ack 2 win 32767 urg 5");

        Assert.Equal(new SequenceSpec(1, 1000), packet.Sequence);
        Assert.Equal(1001u, packet.Sequence.End);
        Assert.Equal(1000, packet.PayloadLength);
        Assert.Equal(2u, packet.Acknowledgment);
        Assert.Equal((ushort)32767, packet.Window);
        Assert.Equal((ushort)5, packet.UrgentPointer);
    }

    [Fact]
    public void A_bang_after_the_range_makes_it_absolute_and_an_ellipsis_ignores_it()
    {
        Assert.Equal(new SequenceSpec(12345, 0, IsAbsolute: true), Parse.Packet("0 > R 12345:12345(0)! win 0").Sequence);
        Assert.Equal(new SequenceSpec(0, 0, IsIgnored: true), Parse.Packet("0 > S. ...(0) ack 65537 win 65535").Sequence);
    }

    [Fact]
    public void Sequence_numbers_use_the_full_32_bits()
    {
        Assert.Equal(new SequenceSpec(4294967295, 0), Parse.Packet("0 < . 4294967295:4294967295(0) ack 1 win 1").Sequence);
    }

    [Fact]
    public void Every_option_kind_parses_with_its_values()
    {
        var packet = Parse.Packet("0 > . 1:1(0) ack 1 <sack 1:2 3:4,TS val ... ecr 7!,FO 0a0b,nop,nop,eol,eol>");

        Assert.Collection(
            packet.Options,
            o => Assert.Equal<SackBlockSpec>([new(1, 2), new(3, 4)], Assert.IsType<SackOptionSpec>(o).Blocks),
            o => Assert.Equal(new TimestampOptionSpec(0, 7, ValueIgnored: true, EchoReplyIsAbsolute: true), o),
            o => Assert.Equal<byte>([0x0a, 0x0b], Assert.IsType<FastOpenOptionSpec>(o).Cookie),
            o => Assert.IsType<NopOptionSpec>(o),
            o => Assert.IsType<NopOptionSpec>(o),
            o => Assert.IsType<EolOptionSpec>(o),
            o => Assert.IsType<EolOptionSpec>(o));
    }

    [Fact]
    public void Ellipsis_options_accept_any_options_on_outbound_packets()
    {
        var packet = Parse.Packet("0 > S. 0:0(0) ack 1 <...>");

        Assert.True(packet.AnyOptions);
        Assert.Empty(packet.Options);
    }

    [Theory]
    [InlineData("0 < [noecn] . 1:1(0) ack 1 win 65535", EcnExpectation.NotEct)]
    [InlineData("0 <[noecn] . 1:1(0) ack 1 win 65535", EcnExpectation.NotEct)]
    [InlineData("0 >[ect0] P. 1:11(10) ack 1", EcnExpectation.Ect0)]
    [InlineData("0 > [ect01] P. 1:11(10) ack 1", EcnExpectation.Ect0OrEct1)]
    [InlineData("0 > (ecn ce) P. 1:11(10) ack 1", EcnExpectation.Ce)]
    public void An_IP_annotation_gives_the_ECN_codepoint(string line, EcnExpectation ecn)
    {
        Assert.Equal(ecn, Parse.Packet(line).Ip?.Ecn);
    }

    [Fact]
    public void An_IP_annotation_can_give_tos_ttl_and_flow_label()
    {
        Assert.Equal(new IpSpec(null, 0x10, 64, 0x12345), Parse.Packet("0 > (tos 0x10, ttl 64, flowlabel 0x12345) . 1:1(0) ack 1").Ip);
    }

    [Fact]
    public void Explicit_ports_come_before_the_flags()
    {
        var packet = Parse.Packet("0 < 12345>8080 S 0:0(0) win 1000");

        Assert.Equal((ushort)12345, packet.SourcePort);
        Assert.Equal((ushort)8080, packet.DestinationPort);
    }

    [Theory]
    [InlineData("0 > S 0:1(0) win 1", ScriptErrorKind.InconsistentSequence, 7)]
    [InlineData("0 > SX 0:0(0) win 1", ScriptErrorKind.InvalidFlags, 5)]
    [InlineData("0 > SS 0:0(0) win 1", ScriptErrorKind.InvalidFlags, 5)]
    [InlineData("0 > S 0:0(0) win 65536", ScriptErrorKind.NumberOutOfRange, 18)]
    [InlineData("0 > S 0:0(0) win 1 <mss 1460,sackOK>", ScriptErrorKind.OptionsNotPadded, 20)]
    [InlineData("0 > S 0:0(0) win 1 <sack 1:2 3:4 5:6 7:8 9:10>", ScriptErrorKind.OptionsTooLong, 20)]
    [InlineData("0 > S 0:0(0) win 1 <mss 1460,wscale 7,magic>", ScriptErrorKind.UnexpectedToken, 39)]
    [InlineData("0 < S 0:0(0) <mss 1460>", ScriptErrorKind.MissingWindow, 3)]
    [InlineData("0 < S 0:0(0) win 1 <...>", ScriptErrorKind.WildcardNotAllowed, 20)]
    [InlineData("0 < S ...(0) win 1", ScriptErrorKind.WildcardNotAllowed, 3)]
    [InlineData("0 < [ect01] S 0:0(0) win 1", ScriptErrorKind.WildcardNotAllowed, 3)]
    [InlineData("0 > udp (1472)", ScriptErrorKind.UnsupportedPacket, 5)]
    [InlineData("0 > S 0:0(0) win 1 ack 1", ScriptErrorKind.StatementNotOnNewLine, 20)]
    [InlineData("0 > S 0:0", ScriptErrorKind.UnexpectedEndOfScript, 10)]
    public void Malformed_packet_lines_are_errors_at_the_offending_column(string line, ScriptErrorKind kind, int column)
    {
        var error = Parse.Error(line);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(new SourceLocation(1, column), error.Location);
    }

    [Fact]
    public void An_error_names_what_was_found_and_what_was_expected()
    {
        var error = Parse.Error("0 > S 0:0(0 win 1");

        Assert.Equal("bad.pkt:1:13: unexpected 'win'; expected ')' after the payload length", error.ToString());
    }
}
