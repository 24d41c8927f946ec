using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.Data;

/// <summary>The receiving side: reassembly, delayed ACKs (RFC 9293 §3.8.6.3), receiver SWS avoidance (§3.8.6.2.2), urgent data (§3.8.5).</summary>
public class ReceivingTests
{
    private const uint RcvNxt = Endpoint.PeerIss + 1;

    [Fact]
    public void Out_of_order_segment_is_held_and_draws_an_immediate_duplicate_ack()
    {
        // SHLD-31: hold segments with higher sequence numbers; RFC 5681 §4.2: ACK out-of-order data at once.
        using var endpoint = Endpoint.Established();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt + 100), new byte[100]);
        var dupAck = endpoint.Single();
        Assert.Equal((SequenceNumber)RcvNxt, dupAck.Ack);
        Assert.Equal(0, endpoint.Tcb.BytesReadable);
        Assert.Equal(1, endpoint.Tcb.Counters.OutOfOrderSegments);
    }

    [Fact]
    public void Segment_filling_the_gap_is_acknowledged_at_once_past_the_held_data()
    {
        using var endpoint = Endpoint.Established();
        var data = new byte[300];
        new Random(3).NextBytes(data);
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt + 200), data.AsSpan(200, 100));
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt + 100), data.AsSpan(100, 100));
        endpoint.Drain();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt), data.AsSpan(0, 100));

        var ack = endpoint.Single();
        Assert.Equal((SequenceNumber)(RcvNxt + 300), ack.Ack);
        var received = new byte[400];
        Assert.Equal(300, endpoint.Tcb.Receive(received));
        Assert.Equal(data, received[..300]);
    }

    [Fact]
    public void Text_beyond_the_window_is_trimmed()
    {
        // First check: "trimming off any portions that lie outside the window".
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 1000 });
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt), new byte[1400]);
        Assert.Equal(1000, endpoint.Tcb.BytesReadable);
        Assert.Equal((SequenceNumber)(RcvNxt + 1000), endpoint.Tcb.RcvNxt);
    }

    [Fact]
    public void Every_second_full_sized_segment_is_acknowledged_at_once()
    {
        // SHLD-19: an ACK for at least every second full-sized segment.
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[1460]);
        endpoint.AssertSilent();
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[1460]);
        Assert.Equal((SequenceNumber)(RcvNxt + 2920), endpoint.Single().Ack);
    }

    [Fact]
    public void A_lone_segment_is_acknowledged_when_the_delayed_ack_timer_fires()
    {
        // MUST-40: the delay is under 0.5 s; Linux's maximum is 200 ms.
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[10]);
        endpoint.AssertSilent();
        var start = endpoint.Now;
        var (time, ack) = Assert.Single(endpoint.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(200), time - start);
        Assert.Equal((SequenceNumber)(RcvNxt + 10), ack.Ack);
    }

    [Fact]
    public void Outgoing_data_carries_the_delayed_ack()
    {
        // "This acknowledgment should be piggybacked on a segment being transmitted if possible."
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[10]);
        endpoint.Tcb.Send("reply"u8);
        var reply = endpoint.Single();
        Assert.Equal(((SequenceNumber)(RcvNxt + 10), 5), (reply.Ack, reply.Length));

        // No separate ACK follows once the peer has the reply: the delayed ACK went with it.
        endpoint.FromPeer(TcpFlags.Ack, ack: reply.Seq + 5);
        Assert.Empty(endpoint.Advance(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Delayed_acks_can_be_turned_off()
    {
        using var endpoint = Endpoint.Established(new TcpSettings { DelayedAcknowledgments = false });
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[10]);
        Assert.Equal((SequenceNumber)(RcvNxt + 10), endpoint.Single().Ack);
    }

    [Fact]
    public void Delayed_ack_timeout_of_half_a_second_or_more_is_rejected()
    {
        // MUST-40: "the delay MUST be less than 0.5 seconds".
        Assert.Throws<ArgumentException>(() => new TcpSettings { DelayedAckTimeout = TimeSpan.FromMilliseconds(500) }.Validate());
    }

    [Fact]
    public void Free_space_below_a_segment_is_not_offered_and_the_update_comes_once_a_segment_fits()
    {
        // MUST-39, §3.8.6.2.2 as Linux applies it: a window below the peer's segment size is
        // offered as 0 (the edge stays put); once a segment fits, the free space RCV.BUFF - RCV.USER.
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 4000 });
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[4000]);
        Assert.Equal(0, endpoint.Single().Header.Window);

        Assert.Equal(100, endpoint.Tcb.Receive(new byte[100]));
        endpoint.AssertSilent();

        // A segment sent now still offers no window: 100 bytes is less than an MSS.
        endpoint.Tcb.Send([7]);
        Assert.Equal(0, endpoint.Single().Header.Window);
        Assert.Equal(0u, endpoint.Tcb.RcvWnd);

        Assert.Equal(1400, endpoint.Tcb.Receive(new byte[1400]));
        var update = endpoint.Single();
        Assert.Equal(("." , (ushort)1500), (update.FlagText, update.Header.Window));
    }

    [Fact]
    public void Offered_window_never_shrinks()
    {
        // SHLD-14: do not move the right window edge to the left.
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 10000 });
        var edge = endpoint.Tcb.RcvNxt + (int)endpoint.Tcb.RcvWnd;
        for (var i = 0; i < 6; i++)
        {
            endpoint.FromPeer(TcpFlags.Ack, payload: new byte[1460]);
            endpoint.Drain();
            Assert.True(endpoint.Tcb.RcvNxt + (int)endpoint.Tcb.RcvWnd >= edge);
            edge = endpoint.Tcb.RcvNxt + (int)endpoint.Tcb.RcvWnd;
            endpoint.Tcb.Receive(new byte[500]);
        }
    }

    [Fact]
    public void Window_field_is_scaled_by_our_shift()
    {
        // RFC 7323 §2.3: the window field is RCV.WND >> Rcv.Wind.Shift (128 KiB buffer: shift 2).
        using var endpoint = Endpoint.Established(options: Endpoint.SynOptions(windowScale: 7));
        Assert.Equal(2, endpoint.Tcb.ReceiveWindowShift);
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[4000]);
        var ack = endpoint.Single();
        Assert.Equal((128 * 1024 - 4000) >> 2, ack.Header.Window);
    }

    [Fact]
    public void Urgent_pointer_tells_the_user_once_and_marks_where_urgent_data_ends()
    {
        // Sixth step: RCV.UP <- max(RCV.UP, SEG.UP); MUST-32 signal; MUST-33 how much remains.
        using var endpoint = Endpoint.Established();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Urg, payload: "ab!"u8.ToArray(), urgentPointer: 3);
        Assert.True(endpoint.Tcb.IsUrgentDataPending);
        Assert.Equal(3, endpoint.Tcb.BytesUntilUrgentMark);
        Assert.Equal((SequenceNumber)(RcvNxt + 3), endpoint.Tcb.RcvUp);
        Assert.Single(endpoint.Events, e => e.Kind == TcpEventKind.UrgentData);

        // The same pointer again is not news.
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Urg, payload: "c"u8.ToArray(), urgentPointer: 0);
        Assert.Single(endpoint.Events, e => e.Kind == TcpEventKind.UrgentData);

        endpoint.Tcb.Receive(new byte[2]);
        Assert.Equal(1, endpoint.Tcb.BytesUntilUrgentMark);
        endpoint.Tcb.Receive(new byte[1]);
        Assert.False(endpoint.Tcb.IsUrgentDataPending);

        // A pointer that advances is reported again.
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Urg, payload: "d"u8.ToArray(), urgentPointer: 1);
        Assert.Equal(2, endpoint.Events.Count(e => e.Kind == TcpEventKind.UrgentData));
    }

    [Fact]
    public void Out_of_order_storage_is_bounded_and_the_stream_still_completes()
    {
        // Bounded reassembly (issue 3): at most 32 out-of-order ranges are held; data needing a
        // 33rd is dropped (and ACKed), and arrives again by retransmission.
        using var endpoint = Endpoint.Established();
        var data = new byte[8100];
        new Random(11).NextBytes(data);
        for (var k = 1; k <= 40; k++)
        {
            endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: (SequenceNumber)RcvNxt + (200 * k)), data.AsSpan(200 * k, 100));
            Assert.Equal((SequenceNumber)RcvNxt, endpoint.Single().Ack);
        }

        Assert.Equal(32, endpoint.Tcb.Counters.OutOfOrderSegments);

        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt), data);
        var received = new byte[9000];
        Assert.Equal(8100, endpoint.Tcb.Receive(received));
        Assert.Equal(data, received[..8100]);
    }

    [Fact]
    public void Reading_sends_no_window_update_when_the_window_cannot_grow()
    {
        // Without window scaling a 128 KiB buffer still offers at most 65535 bytes: reading 1000
        // bytes cannot move the right edge by an MSS, so no update is due (receiver SWS avoidance).
        using var endpoint = Endpoint.Established();
        Assert.Equal(0, endpoint.Tcb.ReceiveWindowShift);
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[1000]);
        endpoint.Advance(TimeSpan.FromSeconds(1));
        endpoint.Tcb.Receive(new byte[1000]);
        endpoint.AssertSilent();
    }
}
