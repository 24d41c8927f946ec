using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.Timestamps;

/// <summary>
/// The timestamps option (RFC 7323): negotiation (§3.2), TS.Recent and Last.ACK.sent (§4.3), RTT
/// measurement (§4.2), PAWS (§5.3, §5.5), and reopening from TIME-WAIT with timestamps (RFC 6191).
/// The local clock is 1 ms per tick with offset 0: at 1 s TSval is 1000.
/// </summary>
public class TimestampTests
{
    private const uint PeerSynTsval = 500;

    private static TcpOptions PeerSyn(uint tsval = PeerSynTsval, uint tsecr = 0)
        => Endpoint.SynOptions() with { Timestamps = new TcpTimestampOption(tsval, tsecr) };

    private static TcpOptions Ts(uint tsval, uint tsecr = 0) => new() { Timestamps = new TcpTimestampOption(tsval, tsecr) };

    /// <summary>An active open with a peer that offers timestamps: TS.Recent is the SYN+ACK's TSval.</summary>
    private static Endpoint Established(TcpSettings? settings = null)
    {
        var endpoint = Endpoint.Established(settings, options: PeerSyn(tsecr: 1000));
        Assert.True(endpoint.Tcb.TimestampsEnabled);
        return endpoint;
    }

    [Fact]
    public void Timestamps_are_used_when_both_syns_carry_them()
    {
        using var endpoint = Established();
        endpoint.Tcb.NoDelay = true;
        endpoint.Tcb.Send(new byte[10]);
        var data = endpoint.Single();
        Assert.Equal(new TcpTimestampOption(1000, PeerSynTsval), data.Header.Options.Timestamps);

        // RFC 7323 §3.2: 12 option bytes on every segment, taken from the effective send MSS.
        Assert.Equal(1460 - 12, endpoint.Tcb.EffectiveSendMss);
    }

    [Fact]
    public void Timestamps_are_not_used_when_the_peer_syn_ack_lacks_them()
    {
        using var endpoint = Endpoint.Established();
        Assert.False(endpoint.Tcb.TimestampsEnabled);
        endpoint.Tcb.Send(new byte[10]);
        Assert.Null(endpoint.Single().Header.Options.Timestamps);
        Assert.Equal(1460, endpoint.Tcb.EffectiveSendMss);
    }

    [Fact]
    public void Timestamps_are_not_used_when_switched_off_even_if_the_peer_sends_them()
    {
        using var endpoint = new Endpoint(new TcpSettings { Timestamps = false });
        endpoint.Tcb.OpenActive(endpoint.Now);
        Assert.Null(endpoint.Single().Header.Options.Timestamps);
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, options: PeerSyn());
        Assert.False(endpoint.Tcb.TimestampsEnabled);
        Assert.Null(endpoint.Single().Header.Options.Timestamps);
    }

    [Fact]
    public void Passive_open_echoes_the_syn_tsval_and_uses_timestamps()
    {
        using var endpoint = new Endpoint();
        endpoint.Tcb.OpenPassive(endpoint.Now);
        endpoint.FromPeer(TcpFlags.Syn, options: PeerSyn());
        Assert.Equal(new TcpTimestampOption(1000, PeerSynTsval), endpoint.Single().Header.Options.Timestamps);
        Assert.True(endpoint.Tcb.TimestampsEnabled);
    }

    [Fact]
    public void A_segment_without_timestamps_is_still_accepted_once_they_are_agreed()
    {
        // RFC 7323 §3.2 lets a TCP drop it (SHOULD); Linux accepts it, and so do we.
        using var endpoint = Established();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[100]);
        Assert.Equal(100, endpoint.Tcb.BytesReadable);
    }

    [Fact]
    public void Our_reset_carries_timestamps_once_they_are_agreed()
    {
        // RFC 7323 §3.2: SHOULD be sent on a RST (Linux does on the resets a connection sends).
        using var endpoint = Established();
        endpoint.Advance(TimeSpan.FromMilliseconds(250));
        endpoint.Tcb.Abort(endpoint.Now);
        var reset = endpoint.Single();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, reset.Flags);
        Assert.Equal(new TcpTimestampOption(1250, PeerSynTsval), reset.Header.Options.Timestamps);
    }

    [Fact]
    public void Tsecr_echoes_ts_recent_from_the_earliest_segment_a_delayed_ack_covers()
    {
        // RFC 7323 §4.3 (2): only a segment with SEG.SEQ =< Last.ACK.sent updates TS.Recent, so a
        // delayed ACK for two segments echoes the first one's TSval.
        using var endpoint = Established();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[100], options: Ts(600, 1000));
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[100], options: Ts(700, 1000));
        Assert.Equal(600u, endpoint.Tcb.TsRecent);

        var ack = Assert.Single(endpoint.Advance(TimeSpan.FromMilliseconds(200))).Segment;
        Assert.Equal(PeerSynTsval + 100, ack.Header.Options.Timestamps!.Value.EchoReply);
        Assert.Equal(ack.Ack, endpoint.Tcb.LastAckSent);

        // Once the ACK has gone, the next in-order segment covers Last.ACK.sent and is recorded.
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[100], options: Ts(800, 1000));
        Assert.Equal(800u, endpoint.Tcb.TsRecent);
    }

    [Fact]
    public void A_segment_beyond_a_hole_does_not_update_ts_recent()
    {
        // RFC 7323 §4.3 (3): out-of-order data is acknowledged at once with the TSval of the last
        // in-order segment, so the sender's RTT estimate includes the wait for the hole.
        using var endpoint = Established();
        var ahead = endpoint.Segment(TcpFlags.Ack | TcpFlags.Psh, seq: endpoint.PeerNxt + 100, options: Ts(900, 1000));
        endpoint.Feed(ahead, new byte[100]);
        var ack = endpoint.Single();
        Assert.Equal(endpoint.PeerNxt, ack.Ack);
        Assert.Equal(PeerSynTsval, ack.Header.Options.Timestamps!.Value.EchoReply);
    }

    [Fact]
    public void Echoed_timestamp_times_a_retransmitted_segment()
    {
        // RFC 7323 §4.2: the echo is of the transmission that was answered, so unlike Karn's
        // timing (RFC 6298 §3) it also measures a retransmission.
        using var endpoint = Established();
        var srttBefore = endpoint.Tcb.SmoothedRoundTripTime;
        endpoint.Tcb.Send(new byte[100]);
        endpoint.Single();
        var retransmission = Assert.Single(endpoint.Advance(endpoint.Tcb.RetransmissionTimeout)).Segment;
        var tsval = retransmission.Header.Options.Timestamps!.Value.Value;

        endpoint.Advance(TimeSpan.FromMilliseconds(80));
        endpoint.FromPeer(TcpFlags.Ack, options: Ts(650, tsval));
        Assert.Equal((srttBefore * 7 / 8) + (TimeSpan.FromMilliseconds(80) / 8), endpoint.Tcb.SmoothedRoundTripTime);
    }

    [Fact]
    public void Paws_drops_a_segment_with_an_old_timestamp_and_acknowledges()
    {
        // RFC 7323 §5.3 R1: SEG.TSval < TS.Recent: send an ACK and drop the segment.
        using var endpoint = Established();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[100], options: Ts(PeerSynTsval - 1, 1000));
        Assert.Equal(0, endpoint.Tcb.BytesReadable);
        var ack = endpoint.Single();
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(endpoint.PeerNxt - 100, ack.Ack);
        Assert.Equal(1, endpoint.Tcb.Counters.PawsRejected);
    }

    [Fact]
    public void Paws_accepts_a_timestamp_equal_to_ts_recent()
    {
        using var endpoint = Established();
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[100], options: Ts(PeerSynTsval, 1000));
        Assert.Equal(100, endpoint.Tcb.BytesReadable);
    }

    [Fact]
    public void Paws_never_drops_a_reset()
    {
        // RFC 7323 §3.2: a TSopt on a RST is not used for PAWS.
        using var endpoint = Established();
        endpoint.FromPeer(TcpFlags.Rst, options: Ts(PeerSynTsval - 100));
        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
        Assert.Equal(TcpError.ConnectionReset, endpoint.Tcb.Error);
    }

    [Fact]
    public void Paws_no_longer_trusts_a_ts_recent_idle_for_24_days()
    {
        // RFC 7323 §5.5: after 24 days the peer's clock may have wrapped; the segment is accepted
        // and its TSval becomes TS.Recent.
        using var endpoint = Established(new TcpSettings { KeepAlive = false });
        endpoint.Advance(TimeSpan.FromDays(24) + TimeSpan.FromSeconds(1));
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[100], options: Ts(10, 1000));
        Assert.Equal(100, endpoint.Tcb.BytesReadable);
        Assert.Equal(10u, endpoint.Tcb.TsRecent);
    }

    /// <summary>TIME-WAIT after an exchange with timestamps; TS.Recent is 700, RCV.NXT the peer's FIN + 1.</summary>
    private static Endpoint TimeWait()
    {
        var endpoint = Established();
        endpoint.Tcb.ShutdownSend(endpoint.Now);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack, options: Ts(600, 1000));
        endpoint.FromPeer(TcpFlags.Fin | TcpFlags.Ack, options: Ts(700, 1000));
        endpoint.Single();
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
        Assert.Equal(700u, endpoint.Tcb.TsRecent);
        return endpoint;
    }

    [Fact]
    public void Syn_in_time_wait_with_a_newer_timestamp_reopens_even_with_an_old_sequence_number()
    {
        // RFC 6191 §2: TSval > TS.Recent is enough, whatever the sequence number.
        using var endpoint = TimeWait();
        var oldSequence = endpoint.Tcb.RcvNxt - 10_000;
        Assert.True(endpoint.Tcb.CanReopenFromTimeWait(endpoint.Segment(TcpFlags.Syn, seq: oldSequence, options: PeerSyn(701))));
        Assert.False(endpoint.Tcb.CanReopenFromTimeWait(endpoint.Segment(TcpFlags.Syn, seq: oldSequence, options: PeerSyn(699))));
        Assert.False(endpoint.Tcb.CanReopenFromTimeWait(endpoint.Segment(TcpFlags.Syn, seq: oldSequence, options: PeerSyn(700))));
    }

    [Fact]
    public void Syn_in_time_wait_with_an_equal_timestamp_needs_a_higher_sequence_number()
    {
        using var endpoint = TimeWait();
        Assert.True(endpoint.Tcb.CanReopenFromTimeWait(endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt + 1, options: PeerSyn(700))));
    }

    [Fact]
    public void Syn_in_time_wait_without_a_timestamp_falls_back_to_the_sequence_number()
    {
        // RFC 6191 §2: the new incarnation would not use timestamps: RFC 1122's rule.
        using var endpoint = TimeWait();
        Assert.True(endpoint.Tcb.CanReopenFromTimeWait(endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt + 1, options: Endpoint.SynOptions())));
        Assert.False(endpoint.Tcb.CanReopenFromTimeWait(endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt - 1, options: Endpoint.SynOptions())));
    }

    [Fact]
    public void Old_syn_in_time_wait_is_dropped_by_paws_with_an_ack()
    {
        using var endpoint = TimeWait();
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn, seq: endpoint.Tcb.RcvNxt - 10_000, options: PeerSyn(600)));
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
        Assert.Equal(1, endpoint.Tcb.Counters.PawsRejected);
        Assert.Equal(TcpFlags.Ack, endpoint.Single().Flags);
    }
}
