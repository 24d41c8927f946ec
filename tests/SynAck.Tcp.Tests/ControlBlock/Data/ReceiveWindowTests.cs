using CsCheck;
using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.Data;

/// <summary>
/// The offered window (RFC 9293 §3.8.6, §3.8.6.2.2; RFC 7323 §2.3) as Linux and FreeBSD offer it:
/// the free buffer space in every segment, no tiny window, the right edge never moving left; and
/// the receive buffer rounded to whole segments.
/// </summary>
public class ReceiveWindowTests
{
    private const uint RcvNxt = Endpoint.PeerIss + 1;

    [Fact]
    public void The_ack_of_a_FIN_offers_the_whole_free_space()
    {
        // The FIN takes a sequence number but no buffer space: the window stays 65535, so the right
        // edge moves by one (holding it would offer 65534).
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 65536 });
        endpoint.FromPeer(TcpFlags.Fin | TcpFlags.Ack);
        var ack = endpoint.Single();
        Assert.Equal(((SequenceNumber)(RcvNxt + 1), (ushort)65535), (ack.Ack, ack.Header.Window));
    }

    [Fact]
    public void Every_segment_offers_the_free_space_even_when_the_edge_moves_by_less_than_a_segment()
    {
        // 100 bytes arrive and are read before the delayed ACK: the ACK offers the whole buffer
        // again, moving the edge by 100 bytes (the window value carries no SWS hold).
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 65535 });
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[100]);
        Assert.Equal(100, endpoint.Tcb.Receive(new byte[100]));
        endpoint.AssertSilent();

        var (_, ack) = Assert.Single(endpoint.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal(((SequenceNumber)(RcvNxt + 100), (ushort)65535), (ack.Ack, ack.Header.Window));
    }

    [Fact]
    public void A_window_below_a_sixteenth_of_the_buffer_is_not_offered_even_above_a_segment()
    {
        // Linux __tcp_select_window: below half the buffer, free space under max(rcv MSS, buffer/16)
        // is offered as 0. 2000 bytes free of 64000 is more than a segment but under 4000.
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 64000 });
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[64000]);
        Assert.Equal(0, endpoint.Single().Header.Window);

        Assert.Equal(2000, endpoint.Tcb.Receive(new byte[2000]));
        endpoint.AssertSilent();
        endpoint.Tcb.Send([1]);
        Assert.Equal(0, endpoint.Single().Header.Window);

        Assert.Equal(2000, endpoint.Tcb.Receive(new byte[2000]));
        var update = endpoint.Single();
        Assert.Equal((".", (ushort)4000), (update.FlagText, update.Header.Window));
    }

    [Fact]
    public void A_pure_window_update_waits_for_SWS_avoidance_but_any_segment_carries_the_free_space()
    {
        // 6000 of 10000 bytes buffered: 4000 offered. Reading 1000 does not double the window, so
        // no update is sent; a data segment sent now still offers the 5000 bytes free.
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 10000 });
        endpoint.FromPeer(TcpFlags.Ack, payload: new byte[6000]);
        Assert.Equal(4000, endpoint.Single().Header.Window);

        Assert.Equal(1000, endpoint.Tcb.Receive(new byte[1000]));
        endpoint.AssertSilent();

        endpoint.Tcb.Send([1]);
        var data = endpoint.Single();
        Assert.Equal((1, (ushort)5000), (data.Length, data.Header.Window));
    }

    [Fact]
    public void Whatever_arrives_and_is_read_the_right_edge_never_moves_left_and_no_tiny_window_opens()
    {
        // SHLD-14 and MUST-39, with and without window scaling (a 200000-byte buffer takes shift 2).
        var steps = Gen.Select(Gen.Int[0, 2], Gen.Int[1, 5000]).Array[1, 60];
        Property.ForAll(Gen.Select(Gen.Bool, steps), 500, input =>
        {
            var (scaled, operations) = input;
            var buffer = scaled ? 200000 : 20000;
            using var endpoint = Endpoint.Established(
                new TcpSettings { ReceiveBufferSize = buffer },
                options: Endpoint.SynOptions(windowScale: scaled ? (byte)7 : null));
            var shift = endpoint.Tcb.ReceiveWindowShift;
            SequenceNumber edge = endpoint.Tcb.RcvNxt + (int)endpoint.Tcb.RcvWnd;
            foreach (var (kind, size) in operations)
            {
                switch (kind)
                {
                    case 0:
                        var room = edge - endpoint.PeerNxt;
                        if (room > 0)
                        {
                            endpoint.FromPeer(TcpFlags.Ack, payload: new byte[Math.Min(size, room)]);
                        }

                        break;
                    case 1:
                        endpoint.Tcb.Receive(new byte[size]);
                        break;
                    default:
                        endpoint.Tcb.Send([1]);
                        break;
                }

                foreach (var sent in endpoint.Drain())
                {
                    var window = sent.Header.Window << shift;
                    var newEdge = sent.Ack + window;
                    Assert.True(newEdge >= edge, $"edge moved left from {edge} to {newEdge}");
                    if (newEdge > edge)
                    {
                        // The edge moves only with a window of at least a segment (or 1/16 of the
                        // buffer), or by less than one scale unit when a held edge is rounded up.
                        Assert.True(window >= Math.Min(1460, buffer / 16) || newEdge - edge < 1 << shift, $"tiny window {window} offered");
                        edge = newEdge;
                    }
                }
            }
        });
    }

    [Fact]
    public void Text_beyond_what_the_window_field_expresses_but_inside_the_buffer_is_accepted()
    {
        // Without window scaling a 128 KiB buffer is offered as 65535 (RFC 7323 §2.3: the field
        // carries at most that); RCV.WND is the free space, as FreeBSD accepts into its buffer.
        using var endpoint = Endpoint.Established();
        Assert.Equal(128u * 1024, endpoint.Tcb.RcvWnd);
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt + 70000), new byte[100]);
        var dupAck = endpoint.Single();
        Assert.Equal(((SequenceNumber)RcvNxt, (ushort)65535), (dupAck.Ack, dupAck.Header.Window));
        Assert.Equal((0, 1), (endpoint.Tcb.Counters.SegmentsDropped, endpoint.Tcb.Counters.OutOfOrderSegments));

        // Beyond the buffer it is not acceptable.
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: RcvNxt + (128 * 1024)), new byte[100]);
        endpoint.Single();
        Assert.Equal(1, endpoint.Tcb.Counters.SegmentsDropped);
    }

    [Theory]
    [InlineData(true, 1460, 65700)]
    [InlineData(true, 1000, 66000)]
    [InlineData(true, 1024, 65536)]
    [InlineData(false, 1460, 65536)]
    public void With_whole_segment_rounding_the_buffer_grows_to_a_multiple_of_the_segment_size(bool round, int peerMss, int expected)
    {
        // FreeBSD's tcp_mss: roundup(buffer, mss) once the peer's SYN has told its MSS.
        var settings = new TcpSettings { ReceiveBufferSize = 65536, RoundReceiveBufferToWholeSegments = round };
        using var endpoint = Endpoint.Established(settings, options: Endpoint.SynOptions(mss: (ushort)peerMss));
        Assert.Equal(expected, endpoint.Tcb.ReceiveBufferSize);
    }

    [Fact]
    public void A_passive_open_rounds_the_buffer_once_established_and_accepts_up_to_the_rounded_edge()
    {
        // Half-open, the connection accepts what its SYN+ACK offered (65535, as FreeBSD's SYN cache);
        // established, the buffer is the rounded 65700 and so is RCV.WND, while the window field
        // still says 65535: a segment that ends at RCV.NXT + 65700 fits whole, as on FreeBSD.
        var settings = new TcpSettings { ReceiveBufferSize = 65536, RoundReceiveBufferToWholeSegments = true };
        using var endpoint = new Endpoint(settings);
        endpoint.Tcb.OpenPassive(endpoint.Now);
        endpoint.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions());
        Assert.Equal(65535, endpoint.Single().Header.Window);
        Assert.Equal((65536, 65535u), (endpoint.Tcb.ReceiveBufferSize, endpoint.Tcb.RcvWnd));

        endpoint.FromPeer(TcpFlags.Ack);
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
        Assert.Equal((65700, 65700u), (endpoint.Tcb.ReceiveBufferSize, endpoint.Tcb.RcvWnd));

        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, seq: endpoint.PeerNxt + 64240), new byte[1460]);
        var dupAck = endpoint.Single();
        Assert.Equal((ushort)65535, dupAck.Header.Window);
        Assert.Equal((0, 1), (endpoint.Tcb.Counters.SegmentsDropped, endpoint.Tcb.Counters.OutOfOrderSegments));
    }
}
