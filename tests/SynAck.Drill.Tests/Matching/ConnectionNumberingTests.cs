using CsCheck;
using SynAck.Drill.Matching;
using SynAck.Drill.Tests.Syntax;

namespace SynAck.Drill.Tests.Matching;

public sealed class ConnectionNumberingTests
{
    private const uint StackIsn = 0xFFFF_FFF0; // close to the wrap, so relative numbers cross zero

    private static ObservedSegment Sent(SynAck.Wire.TcpFlags flags, uint seq, uint ack) =>
        new() { Flags = flags, SequenceNumber = seq, AcknowledgmentNumber = ack, Window = 65535, PayloadLength = 0 };

    [Fact]
    public void Active_open_numbers_the_stack_from_the_ISN_of_its_SYN()
    {
        var numbering = new ConnectionNumbering();
        var timestamps = new TimestampNumbering();

        var syn = ScriptSpace.MapOutbound(Sent(SynAck.Wire.TcpFlags.Syn, StackIsn, 0), Parse.Packet("0 > S 0:0(0) win 65535"), numbering, timestamps);
        Assert.True(ScriptSpace.TryMapInbound(Parse.Packet("0 < S. 0:0(0) ack 1 win 32767"), numbering, timestamps, out var synAck, out _));
        var ack = ScriptSpace.MapOutbound(
            Sent(SynAck.Wire.TcpFlags.Ack, unchecked(StackIsn + 1), 1),
            Parse.Packet("0 > . 1:1(0) ack 1 win 65535"),
            numbering,
            timestamps);

        Assert.Equal((0u, 0u), (syn.SequenceNumber, syn.AcknowledgmentNumber));
        Assert.Equal((0u, unchecked(StackIsn + 1)), (synAck.SequenceNumber, synAck.AcknowledgmentNumber));
        Assert.Equal((1u, 1u), (ack.SequenceNumber, ack.AcknowledgmentNumber));
    }

    [Fact]
    public void Passive_open_numbers_the_peer_from_the_ISN_the_script_chose()
    {
        var numbering = new ConnectionNumbering();
        var timestamps = new TimestampNumbering();

        Assert.True(ScriptSpace.TryMapInbound(Parse.Packet("0 < S 1000:1000(0) win 32767"), numbering, timestamps, out var syn, out _));
        var synAck = ScriptSpace.MapOutbound(
            Sent(SynAck.Wire.TcpFlags.Syn | SynAck.Wire.TcpFlags.Ack, StackIsn, 1001),
            Parse.Packet("0 > S. 0:0(0) ack 1001 win 65535"),
            numbering,
            timestamps);
        Assert.True(ScriptSpace.TryMapInbound(Parse.Packet("0 < . 1:1(0) ack 1 win 32767"), numbering, timestamps, out var ack, out _));
        var data = ScriptSpace.MapOutbound(
            Sent(SynAck.Wire.TcpFlags.Ack | SynAck.Wire.TcpFlags.Psh, unchecked(StackIsn + 1), 1011),
            Parse.Packet("0 > P. 1:1(0) ack 11 win 65535"),
            numbering,
            timestamps);

        Assert.Equal(1000u, syn.SequenceNumber);
        Assert.Equal((0u, 1001u), (synAck.SequenceNumber, synAck.AcknowledgmentNumber));
        Assert.Equal((1001u, unchecked(StackIsn + 1)), (ack.SequenceNumber, ack.AcknowledgmentNumber));
        Assert.Equal((1u, 11u), (data.SequenceNumber, data.AcknowledgmentNumber));
    }

    [Fact]
    public void A_script_ISN_other_than_zero_stands_for_the_stacks_ISN_in_SYNs_only()
    {
        var numbering = new ConnectionNumbering();
        numbering.LearnLocalIsn(scriptIsn: 500, liveIsn: 9000);

        Assert.Equal(500u, numbering.OutboundSequence(9000, isSyn: true));
        Assert.Equal(1u, numbering.OutboundSequence(9001, isSyn: false));
        Assert.Equal(9001u, numbering.InboundAcknowledgment(501, isSyn: true));
        Assert.Equal(9001u, numbering.InboundAcknowledgment(1, isSyn: false));
    }

    [Fact]
    public void Only_the_first_ISN_each_way_is_learned()
    {
        var numbering = new ConnectionNumbering();
        numbering.LearnRemoteIsn(7);
        numbering.LearnRemoteIsn(70);
        numbering.LearnLocalIsn(0, 100);
        numbering.LearnLocalIsn(0, 200);

        Assert.Equal((7u, 100u), (numbering.RemoteIsn, numbering.LiveLocalIsn));
    }

    [Fact]
    public void Numbers_pass_through_before_any_ISN_is_learned()
    {
        var numbering = new ConnectionNumbering();

        Assert.Equal(
            [5u, 5u, 5u, 5u],
            [numbering.InboundSequence(5, false), numbering.InboundAcknowledgment(5, false), numbering.OutboundSequence(5, false), numbering.OutboundAcknowledgment(5, false)]);
    }

    [Fact]
    public void Mapping_to_the_wire_and_back_gives_the_script_number_for_any_ISNs()
    {
        var gen = Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, Gen.Bool);
        Property.ForAll(gen, 3000, t =>
        {
            var (remoteIsn, scriptLocalIsn, liveLocalIsn, number, isSyn) = t;
            var numbering = new ConnectionNumbering();
            numbering.LearnRemoteIsn(remoteIsn);
            numbering.LearnLocalIsn(scriptLocalIsn, liveLocalIsn);

            // The peer's numbers go out in its segments and come back in the stack's acks...
            Assert.Equal(number, numbering.OutboundAcknowledgment(numbering.InboundSequence(number, isSyn), isSyn));

            // ...and the stack's numbers come back in the peer's acks.
            Assert.Equal(number, numbering.InboundAcknowledgment(numbering.OutboundSequence(number, isSyn), isSyn));
        });
    }
}
