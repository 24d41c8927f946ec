using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.10.7.1: segments for a connection that does not exist (CLOSED).</summary>
public class ClosedTests
{
    private static TcpHeader Incoming(TcpFlags flags, uint seq = 7000, uint ack = 9000) => new()
    {
        SourcePort = 1234,
        DestinationPort = 80,
        SequenceNumber = seq,
        AcknowledgmentNumber = ack,
        Flags = flags,
        Window = 1000,
    };

    [Fact]
    public void Segment_with_ack_gets_rst_whose_seq_is_the_segments_ack()
    {
        // If the ACK bit is on: <SEQ=SEG.ACK><CTL=RST>.
        Assert.True(TcpControlBlock.TryCreateResetForUnknownSegment(Incoming(TcpFlags.Ack | TcpFlags.Psh), 100, out var rst));
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal((SequenceNumber)9000u, rst.SequenceNumber);
        Assert.Equal(default, rst.AcknowledgmentNumber);
        Assert.Equal((80, 1234), (rst.SourcePort, rst.DestinationPort));
    }

    [Theory]
    [InlineData(TcpFlags.Syn, 0, 7001u)]
    [InlineData(TcpFlags.Syn, 10, 7011u)]
    [InlineData(TcpFlags.Syn | TcpFlags.Fin, 10, 7012u)]
    [InlineData(TcpFlags.Fin, 0, 7001u)]
    [InlineData(TcpFlags.None, 5, 7005u)]
    public void Segment_without_ack_gets_rst_ack_with_seq_zero_and_ack_seq_plus_seg_len(TcpFlags flags, int payloadLength, uint expectedAck)
    {
        // If the ACK bit is off: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; SEG.LEN counts SYN and FIN.
        Assert.True(TcpControlBlock.TryCreateResetForUnknownSegment(Incoming(flags), payloadLength, out var rst));
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(default, rst.SequenceNumber);
        Assert.Equal((SequenceNumber)expectedAck, rst.AcknowledgmentNumber);
    }

    [Theory]
    [InlineData(TcpFlags.Rst)]
    [InlineData(TcpFlags.Rst | TcpFlags.Ack)]
    public void Rst_is_never_answered(TcpFlags flags)
        => Assert.False(TcpControlBlock.TryCreateResetForUnknownSegment(Incoming(flags), 0, out _));

    [Fact]
    public void Closed_control_block_answers_a_segment_like_a_missing_connection()
    {
        using var endpoint = new Endpoint();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: 7000, ack: 9000));

        var rst = endpoint.Single();
        Assert.Equal(("R", (SequenceNumber)9000u), (rst.FlagText, rst.Seq));
        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
    }

    [Fact]
    public void A_control_block_is_opened_once()
    {
        using var endpoint = Endpoint.Established();
        Assert.Throws<InvalidOperationException>(() => endpoint.Tcb.OpenActive(endpoint.Now));
        Assert.Throws<InvalidOperationException>(() => endpoint.Tcb.OpenPassive(endpoint.Now));
    }

    [Fact]
    public void Send_before_open_is_misuse()
    {
        using var endpoint = new Endpoint();
        Assert.False(endpoint.Tcb.CanSend);
        Assert.Throws<InvalidOperationException>(() => endpoint.Tcb.Send([1]));
    }
}
