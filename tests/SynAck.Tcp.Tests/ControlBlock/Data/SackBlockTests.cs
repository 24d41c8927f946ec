using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.ControlBlock.Data;

/// <summary>
/// The receiver's SACK option (RFC 2018 §3-4) and D-SACK (RFC 2883): which blocks each ACK
/// carries for each pattern of out-of-order and duplicate data.
/// </summary>
public class SackBlockTests
{
    private const uint RcvNxt = Endpoint.PeerIss + 1;

    /// <summary>ESTABLISHED with SACK negotiated; every data segment is acknowledged at once, so each draws one ACK.</summary>
    private static Endpoint SackReceiver(bool sack = true)
        => Endpoint.Established(new TcpSettings { DelayedAcknowledgments = false, Sack = sack }, options: Endpoint.SynOptions() with { SackPermitted = true });

    /// <summary>Feeds <paramref name="length"/> bytes at RCV.NXT + <paramref name="offset"/> and returns the single ACK it draws.</summary>
    private static Sent Data(Endpoint endpoint, int offset, int length = 100)
    {
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt + (uint)offset), new byte[length]);
        return endpoint.Single();
    }

    /// <summary>The blocks of <paramref name="sent"/> as offsets from the initial RCV.NXT.</summary>
    private static (int Left, int Right)[] Blocks(Sent sent)
    {
        var blocks = sent.Header.Options.SackBlocks;
        return [.. Enumerable.Range(0, blocks.Count).Select(i => (blocks[i].Left - (SequenceNumber)RcvNxt, blocks[i].Right - (SequenceNumber)RcvNxt))];
    }

    [Fact]
    public void Syn_offers_sack_permitted_and_sack_is_used_when_the_peer_offers_it_too()
    {
        // RFC 2018 §2: SACK-permitted in both SYNs enables SACK.
        using var endpoint = new Endpoint();
        endpoint.Tcb.OpenActive(endpoint.Now);
        Assert.True(endpoint.Single().Header.Options.SackPermitted);
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, options: Endpoint.SynOptions() with { SackPermitted = true });
        Assert.True(endpoint.Tcb.SackEnabled);
    }

    [Fact]
    public void Syn_ack_offers_sack_permitted_only_to_a_peer_that_offered_it()
    {
        // RFC 2018 §2: SACK-permitted "MUST NOT be sent on a non-SYN segment"; on the SYN+ACK only in answer.
        using var without = new Endpoint();
        without.Tcb.OpenPassive(without.Now);
        without.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions());
        Assert.False(without.Single().Header.Options.SackPermitted);
        Assert.False(without.Tcb.SackEnabled);

        using var with = new Endpoint();
        with.Tcb.OpenPassive(with.Now);
        with.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions() with { SackPermitted = true });
        Assert.True(with.Single().Header.Options.SackPermitted);
        Assert.True(with.Tcb.SackEnabled);
    }

    [Fact]
    public void Sack_switched_off_neither_offers_nor_sends_blocks()
    {
        using var endpoint = SackReceiver(sack: false);
        Assert.False(endpoint.Tcb.SackEnabled);
        Assert.Empty(Blocks(Data(endpoint, 100)));
    }

    [Fact]
    public void Without_sack_negotiated_out_of_order_data_draws_a_plain_duplicate_ack()
    {
        using var endpoint = Endpoint.Established();
        Assert.Empty(Blocks(Data(endpoint, 100)));
    }

    [Fact]
    public void One_hole_is_reported_with_one_block()
    {
        // RFC 2018 §4: the ACK of an out-of-order segment carries a block for it.
        using var endpoint = SackReceiver();
        var ack = Data(endpoint, 100);
        Assert.Equal((SequenceNumber)RcvNxt, ack.Ack);
        Assert.Equal([(100, 200)], Blocks(ack));
    }

    [Fact]
    public void Adjacent_out_of_order_segments_are_reported_as_one_block()
    {
        using var endpoint = SackReceiver();
        Data(endpoint, 100);
        Assert.Equal([(100, 300)], Blocks(Data(endpoint, 200)));
    }

    [Fact]
    public void Two_holes_give_two_blocks_the_most_recently_received_first()
    {
        // RFC 2018 §4: "the first SACK block MUST specify the contiguous block of data containing
        // the segment which triggered this ACK"; the rest follow, most recent first.
        using var endpoint = SackReceiver();
        Data(endpoint, 300);
        Assert.Equal([(100, 200), (300, 400)], Blocks(Data(endpoint, 100)));
    }

    [Fact]
    public void Extending_an_older_block_moves_it_to_the_front()
    {
        using var endpoint = SackReceiver();
        Data(endpoint, 100);
        Data(endpoint, 300);
        Assert.Equal([(100, 250), (300, 400)], Blocks(Data(endpoint, 200, 50)));
    }

    [Fact]
    public void Filling_the_hole_ends_the_sack_blocks()
    {
        using var endpoint = SackReceiver();
        Data(endpoint, 100);
        var ack = Data(endpoint, 0);
        Assert.Equal((SequenceNumber)(RcvNxt + 200), ack.Ack);
        Assert.Empty(Blocks(ack));
    }

    [Fact]
    public void Filling_the_first_of_two_holes_leaves_the_higher_block()
    {
        using var endpoint = SackReceiver();
        Data(endpoint, 100);
        Data(endpoint, 300);
        var ack = Data(endpoint, 0);
        Assert.Equal((SequenceNumber)(RcvNxt + 200), ack.Ack);
        Assert.Equal([(300, 400)], Blocks(ack));
    }

    [Fact]
    public void Without_timestamps_at_most_four_blocks_fit()
    {
        // RFC 2018 §3: 40 option bytes hold four blocks (three beside timestamps); the most recent go.
        using var endpoint = SackReceiver();
        for (var i = 1; i <= 4; i++)
        {
            Data(endpoint, i * 200);
        }

        var ack = Data(endpoint, 1000);
        Assert.Equal([(1000, 1100), (800, 900), (600, 700), (400, 500)], Blocks(ack));
        Assert.Equal(36, ack.Header.Options.GetEncodedLength());
    }

    [Fact]
    public void Beside_timestamps_at_most_three_blocks_fit()
    {
        // RFC 2018 §3: with the 12 bytes of timestamps (RFC 7323) three blocks fill the 40 bytes.
        using var endpoint = Endpoint.Established(
            new TcpSettings { DelayedAcknowledgments = false },
            options: Endpoint.SynOptions() with { SackPermitted = true, Timestamps = new TcpTimestampOption(100, 0) });
        Sent ack = null!;
        for (var i = 1; i <= 4; i++)
        {
            var options = new TcpOptions { Timestamps = new TcpTimestampOption(100 + (uint)i, 0) };
            endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt + (uint)(i * 200), options: options), new byte[100]);
            ack = endpoint.Single();
        }

        Assert.NotNull(ack.Header.Options.Timestamps);
        Assert.Equal([(800, 900), (600, 700), (400, 500)], Blocks(ack));
        Assert.Equal(40, ack.Header.Options.GetEncodedLength());
    }

    [Fact]
    public void Data_segments_shrink_to_leave_room_for_the_blocks()
    {
        // As Linux's tcp_current_mss: header, options and payload still fit the MTU.
        using var endpoint = SackReceiver();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt + 100), new byte[100]);
        endpoint.Tcb.Send(new byte[3000]);
        var sent = endpoint.Drain();
        var first = sent[0];
        Assert.Equal([(100, 200)], Blocks(first));
        Assert.Equal(endpoint.Tcb.EffectiveSendMss, first.Length + first.Header.Options.GetEncodedLength());
    }

    [Fact]
    public void Duplicate_of_data_already_acknowledged_is_reported_with_a_dsack_block()
    {
        // RFC 2883 §4 (example 4.1.1): the first block reports the duplicate, below SEG.ACK.
        using var endpoint = SackReceiver();
        Data(endpoint, 0);
        var ack = Data(endpoint, 0);
        Assert.Equal((SequenceNumber)(RcvNxt + 100), ack.Ack);
        Assert.Equal([(0, 100)], Blocks(ack));
        Assert.Equal(1, endpoint.Tcb.Counters.DuplicateSegmentsReported);
    }

    [Fact]
    public void Dsack_block_is_sent_once()
    {
        using var endpoint = SackReceiver();
        Data(endpoint, 0);
        Data(endpoint, 0);
        endpoint.FromPeer(TcpFlags.Ack);
        endpoint.Tcb.Send(new byte[10]);
        Assert.Empty(Blocks(endpoint.Single()));
    }

    [Fact]
    public void Duplicate_of_out_of_order_data_reports_the_duplicate_then_its_block()
    {
        // RFC 2883 §4.1.2 (example 4.2): D-SACK first, then the block that contains it.
        using var endpoint = SackReceiver();
        Data(endpoint, 100, 200);
        Data(endpoint, 500);
        var ack = Data(endpoint, 150, 50);
        Assert.Equal([(150, 200), (100, 300), (500, 600)], Blocks(ack));
    }

    [Fact]
    public void Partly_duplicate_segment_reports_only_its_old_part()
    {
        using var endpoint = SackReceiver();
        Data(endpoint, 0);
        var ack = Data(endpoint, 50);
        Assert.Equal((SequenceNumber)(RcvNxt + 150), ack.Ack);
        Assert.Equal([(50, 100)], Blocks(ack));
    }
}
