using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.ControlBlock.States;

/// <summary>RFC 9293 §3.10.7.2: segments arriving in LISTEN.</summary>
public class ListenTests
{
    private static Endpoint Listening(TcpSettings? settings = null)
    {
        var endpoint = new Endpoint(settings);
        endpoint.Tcb.OpenPassive(endpoint.Now);
        Assert.Equal(TcpState.Listen, endpoint.Tcb.State);
        return endpoint;
    }

    [Fact]
    public void Rst_is_ignored()
    {
        // First, check for a RST: it could not be valid; ignore it.
        using var endpoint = Listening();
        endpoint.Feed(endpoint.Segment(TcpFlags.Rst));
        endpoint.AssertSilent();
        Assert.Equal(TcpState.Listen, endpoint.Tcb.State);
    }

    [Fact]
    public void Syn_with_fin_is_dropped_when_drop_syn_fin_is_on()
    {
        // FreeBSD's drop_synfin=1; without it the SYN+FIN would open the connection (third check).
        using var endpoint = Listening(new TcpSettings { DropSynFin = true });
        endpoint.Feed(endpoint.Segment(TcpFlags.Syn | TcpFlags.Fin));
        endpoint.AssertSilent();
        Assert.Equal(TcpState.Listen, endpoint.Tcb.State);
    }

    [Fact]
    public void Ack_gets_rst_whose_seq_is_the_segments_ack()
    {
        // Second, check for an ACK: any acknowledgment is bad in LISTEN: <SEQ=SEG.ACK><CTL=RST>.
        using var endpoint = Listening();
        endpoint.Feed(endpoint.Segment(TcpFlags.Ack, ack: 4242));
        var rst = endpoint.Single();
        Assert.Equal(("R", (SequenceNumber)4242u), (rst.FlagText, rst.Seq));
        Assert.Equal(TcpState.Listen, endpoint.Tcb.State);
    }

    [Fact]
    public void Syn_gets_syn_ack_from_iss_acknowledging_seg_seq_plus_one_and_enters_syn_received()
    {
        // Third, check for a SYN: RCV.NXT <- SEG.SEQ+1, IRS <- SEG.SEQ, select ISS, send
        // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, SND.NXT <- ISS+1, SND.UNA <- ISS, SYN-RECEIVED.
        using var endpoint = Listening();
        endpoint.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions());
        var synAck = endpoint.Single();

        Assert.Equal(("S.", (SequenceNumber)Endpoint.LocalIss, (SequenceNumber)(Endpoint.PeerIss + 1)), (synAck.FlagText, synAck.Seq, synAck.Ack));
        Assert.Equal(TcpState.SynReceived, endpoint.Tcb.State);
        Assert.Equal((SequenceNumber)Endpoint.PeerIss, endpoint.Tcb.Irs);
        Assert.Equal((SequenceNumber)(Endpoint.PeerIss + 1), endpoint.Tcb.RcvNxt);
        Assert.Equal((SequenceNumber)Endpoint.LocalIss, endpoint.Tcb.SndUna);
        Assert.Equal((SequenceNumber)(Endpoint.LocalIss + 1), endpoint.Tcb.SndNxt);
        Assert.True(endpoint.Tcb.IsPassive);
        Assert.Equal([TcpState.Listen, TcpState.SynReceived], endpoint.StatesEntered);
        Assert.Equal(TcpCauses.ReceivedSyn, endpoint.Events.Last(e => e.Kind == TcpEventKind.StateChanged).Cause);
    }

    [Fact]
    public void Syn_ack_carries_an_mss_option_derived_from_the_mtu_and_an_unscaled_window()
    {
        // RFC 9293 MUST-14, §3.7.1: MSS = MTU - IP header - TCP header (1500 - 20 - 20);
        // RFC 7323 §2.2: the window of a SYN segment is never scaled.
        using var endpoint = Listening();
        endpoint.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions(windowScale: 7));
        var synAck = endpoint.Single();

        Assert.Equal((ushort)1460, synAck.Header.Options.MaximumSegmentSize);
        Assert.Equal(ushort.MaxValue, synAck.Header.Window);
        Assert.Equal((byte)2, synAck.Header.Options.WindowScale);
    }

    [Fact]
    public void Syn_ack_offers_window_scale_only_when_the_syn_did()
    {
        // RFC 7323 §2.2: a SYN+ACK may carry the option only if the SYN did.
        using var endpoint = Listening();
        endpoint.FromPeer(TcpFlags.Syn, options: Endpoint.SynOptions());
        Assert.Null(endpoint.Single().Header.Options.WindowScale);
        Assert.Equal(0, endpoint.Tcb.SendWindowShift);
        Assert.Equal(0, endpoint.Tcb.ReceiveWindowShift);
    }

    [Fact]
    public void Segment_without_syn_rst_or_ack_is_dropped()
    {
        // Fourth, other text or control: drop the segment.
        using var endpoint = Listening();
        endpoint.Feed(endpoint.Segment(TcpFlags.Fin), [1, 2, 3]);
        endpoint.AssertSilent();
        Assert.Equal(TcpState.Listen, endpoint.Tcb.State);
    }

    [Fact]
    public void Iss_is_chosen_when_the_syn_arrives_from_the_source_or_the_reopen_override()
    {
        var source = new FixedSequenceNumbers(777);
        using var tcb = new TcpControlBlock(Endpoint.Identity, TcpSettings.Default, source);
        tcb.OpenPassive(TimeSpan.Zero);
        Assert.Equal(0, source.Calls);
        tcb.OnSegment(new TcpHeader { SourcePort = 80, DestinationPort = 40000, SequenceNumber = 1, Flags = TcpFlags.Syn }, [], TimeSpan.Zero);
        Assert.Equal(1, source.Calls);
        Assert.Equal((SequenceNumber)777u, tcb.Iss);

        using var reopened = new TcpControlBlock(Endpoint.Identity, TcpSettings.Default, source);
        reopened.OpenPassive(TimeSpan.Zero, initialSendSequence: 123456);
        reopened.OnSegment(new TcpHeader { SourcePort = 80, DestinationPort = 40000, SequenceNumber = 1, Flags = TcpFlags.Syn }, [], TimeSpan.Zero);
        Assert.Equal((SequenceNumber)123456u, reopened.Iss);
    }

    [Fact]
    public void Close_in_listen_deletes_the_connection_without_a_segment()
    {
        // RFC 9293 §3.10.4 LISTEN: delete TCB, enter CLOSED.
        using var endpoint = Listening();
        endpoint.Tcb.Close(endpoint.Now);
        endpoint.AssertSilent();
        Assert.Equal(TcpState.Closed, endpoint.Tcb.State);
        Assert.Equal(TcpError.None, endpoint.Tcb.Error);
    }
}
