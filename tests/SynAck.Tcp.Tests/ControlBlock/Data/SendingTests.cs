using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.ControlBlock.Data;

/// <summary>Segmentisation in ESTABLISHED: MSS (RFC 9293 §3.7.1), PSH (MUST-61), Nagle (§3.7.4), sender SWS avoidance (§3.8.6.2.1), the send buffer.</summary>
public class SendingTests
{
    private const uint Una = Endpoint.LocalIss + 1;

    [Fact]
    public void Data_is_cut_into_segments_of_the_effective_send_mss()
    {
        // MUST-16: Eff.snd.MSS = min(SendMSS + 20, MMS_S) - 20: the peer's 1000 wins over our 1460.
        using var endpoint = Endpoint.Established(options: Endpoint.SynOptions(mss: 1000));
        Assert.Equal(1000, endpoint.Tcb.EffectiveSendMss);
        endpoint.Tcb.Send(new byte[2500]);
        Assert.Equal([1000, 1000, 500], endpoint.Drain().Select(s => s.Length));
    }

    [Fact]
    public void Send_mss_defaults_to_536_when_the_peer_sends_no_mss_option()
    {
        // MUST-15: without an MSS option, assume 536 (IPv4).
        using var endpoint = Endpoint.Established(options: default(Wire.Tcp.TcpOptions));
        Assert.Equal(536, endpoint.Tcb.EffectiveSendMss);
        endpoint.Tcb.Send(new byte[600]);
        Assert.Equal([536, 64], endpoint.Drain().Select(s => s.Length));
    }

    [Fact]
    public void Send_mss_never_exceeds_what_our_mtu_allows()
    {
        // MUST-16: the peer may accept 8960, but our 1500-byte MTU carries 1460.
        using var endpoint = Endpoint.Established(options: Endpoint.SynOptions(mss: 8960));
        Assert.Equal(1460, endpoint.Tcb.EffectiveSendMss);
    }

    [Fact]
    public void Psh_is_set_on_the_last_segment_of_a_write_only()
    {
        // MUST-61: set PSH in the last buffered segment (when there is no more queued data).
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send(new byte[3000]);
        Assert.Equal([".", ".", "P."], endpoint.Drain().Select(s => s.FlagText));
    }

    [Fact]
    public void Nagle_holds_a_small_segment_while_data_is_unacknowledged()
    {
        // RFC 9293 §3.7.4: with unacknowledged data, buffer user data until it is acknowledged or
        // a full-sized segment can be sent.
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send("a"u8);
        Assert.Equal(1, endpoint.Single().Length);
        endpoint.Tcb.Send("b"u8);
        endpoint.Tcb.Send("c"u8);
        endpoint.AssertSilent();

        endpoint.FromPeer(TcpFlags.Ack, ack: Una + 1);
        var coalesced = endpoint.Single();
        Assert.Equal(((SequenceNumber)(Una + 1), 2), (coalesced.Seq, coalesced.Length));
    }

    [Fact]
    public void Nagle_does_not_hold_a_full_sized_segment()
    {
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send("a"u8);
        endpoint.Single();
        endpoint.Tcb.Send(new byte[1460]);
        Assert.Equal(1460, endpoint.Single().Length);
    }

    [Fact]
    public void No_delay_turns_nagle_off_for_the_connection()
    {
        // MUST-17: the application can disable Nagle per connection.
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.NoDelay = true;
        endpoint.Tcb.Send("a"u8);
        Assert.Equal(1, endpoint.Single().Length);
        endpoint.Tcb.Send("b"u8);
        Assert.Equal(1, endpoint.Single().Length);
    }

    [Fact]
    public void Close_pushes_data_nagle_would_hold()
    {
        // CLOSE implies PUSH (RFC 9293 §3.8): the held bytes go out with the FIN.
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.Send("a"u8);
        endpoint.Single();
        endpoint.Tcb.Send("b"u8);
        endpoint.Tcb.ShutdownSend(endpoint.Now);
        var fin = endpoint.Single();
        Assert.Equal(("FP.", 1), (fin.FlagText, fin.Length));
    }

    [Fact]
    public void Data_in_flight_never_exceeds_the_peers_window()
    {
        // The usable window U = SND.UNA + SND.WND - SND.NXT (RFC 9293 §3.8.6.2.1).
        using var endpoint = Endpoint.Established(window: 3000);
        endpoint.Tcb.NoDelay = true;
        endpoint.Tcb.Send(new byte[10000]);
        Assert.Equal([1460, 1460], endpoint.Drain().Select(s => s.Length));

        // The 80 bytes left in the window are held by sender SWS avoidance (less than an MSS and
        // less than half the largest window); the next ACK opens room for a full segment.
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + 1460, window: 3000);
        Assert.Equal([1460], endpoint.Drain().Select(s => s.Length));
        Assert.Equal(3000, endpoint.Tcb.SndNxt - endpoint.Tcb.SndUna + 80);
    }

    [Fact]
    public void Sender_sws_avoidance_holds_a_small_window_until_the_override_timer()
    {
        // §3.8.6.2.1: send only a full segment, all queued data, or at least Fs = 1/2 of the
        // largest window; otherwise wait for the override timeout (here the persist timer).
        using var endpoint = Endpoint.Established(window: 1000);
        endpoint.Tcb.Send(new byte[400]);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + 400, window: 300);
        endpoint.Tcb.Send(new byte[2000]);
        endpoint.AssertSilent();

        var (_, segment) = Assert.Single(endpoint.Advance(endpoint.Tcb.RetransmissionTimeout));
        Assert.Equal(300, segment.Length);
    }

    [Fact]
    public void Sender_sws_avoidance_sends_at_once_when_half_the_largest_window_fits()
    {
        using var endpoint = Endpoint.Established(window: 1000);
        endpoint.Tcb.Send(new byte[400]);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + 400, window: 500);
        endpoint.Tcb.Send(new byte[2000]);
        Assert.Equal(500, endpoint.Single().Length);
    }

    [Fact]
    public void Send_takes_what_fits_and_reports_space_once_acks_free_it()
    {
        using var endpoint = Endpoint.Established(new TcpSettings { SendBufferSize = 1000 });
        Assert.Equal(1000, endpoint.Tcb.Send(new byte[1500]));
        Assert.Equal(0, endpoint.Tcb.SendBufferFree);
        endpoint.Drain();
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + 600);
        Assert.Equal(600, endpoint.Tcb.SendBufferFree);
        Assert.Single(endpoint.Events, e => e.Kind == TcpEventKind.SendSpaceAvailable);
    }

    [Fact]
    public void Urgent_data_carries_urg_and_a_pointer_to_the_octet_after_it()
    {
        // MUST-62: the urgent pointer points to the sequence number of the octet following the
        // urgent data; SEG.UP is an offset from SEG.SEQ.
        using var endpoint = Endpoint.Established();
        endpoint.Tcb.NoDelay = true;
        endpoint.Tcb.Send("abc"u8);
        endpoint.Tcb.SendUrgent("!"u8);
        var segment = endpoint.Single();
        Assert.Equal(("PU.", 4, (ushort)4), (segment.FlagText, segment.Length, segment.Header.UrgentPointer));
        Assert.Equal((SequenceNumber)(Una + 4), endpoint.Tcb.SndUp);
        Assert.True(endpoint.Tcb.IsSendingUrgent);

        // Data after the urgent mark is not urgent; urgent mode ends once SND.UNA passes SND.UP.
        endpoint.Tcb.Send("xy"u8);
        Assert.Equal("P.", endpoint.Single().FlagText);
        endpoint.FromPeer(TcpFlags.Ack, ack: Una + 6);
        Assert.False(endpoint.Tcb.IsSendingUrgent);
    }

    [Fact]
    public void Urgent_data_longer_than_a_segment_marks_every_segment_up_to_its_end()
    {
        // MUST-31: urgent data of any length; each segment before the mark points at it.
        using var endpoint = Endpoint.Established(options: Endpoint.SynOptions(mss: 100));
        endpoint.Tcb.SendUrgent(new byte[250]);
        var segments = endpoint.Drain();
        Assert.Equal([(ushort)250, (ushort)150, (ushort)50], segments.Select(s => s.Header.UrgentPointer));
        Assert.All(segments, s => Assert.True((s.Flags & TcpFlags.Urg) != 0));
    }

}
