using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// SEGMENT ARRIVES (RFC 9293 §3.10.7) for CLOSED, LISTEN and SYN-SENT; the synchronized states
// are in TcpControlBlock.Synchronized.cs.
public sealed partial class TcpControlBlock
{
    /// <summary>
    /// Processes one arriving segment (RFC 9293 §3.10.7). The stack has already checked the
    /// checksum and matched the 4-tuple. Never throws for anything the peer sends.
    /// </summary>
    /// <param name="header">The segment's header, options parsed.</param>
    /// <param name="payload">The segment's data.</param>
    /// <param name="now">The caller's clock.</param>
    /// <param name="ecn">The ECN codepoint of the IP header that carried the segment (RFC 3168 §5).</param>
    public void OnSegment(in TcpHeader header, ReadOnlySpan<byte> payload, TimeSpan now, EcnCodepoint ecn = EcnCodepoint.NotEct)
    {
        ThrowIfDisposed();
        _counters.SegmentsReceived++;
        _segmentTimestamps = header.Options.Timestamps;
        _segmentEcn = ecn;
        if (_settings.DropSynFin && header.Has(TcpFlags.Syn | TcpFlags.Fin))
        {
            _counters.SegmentsDropped++;
            return;
        }

        switch (_state)
        {
            case TcpState.Closed:
                OnSegmentClosed(header, payload.Length);
                break;
            case TcpState.Listen:
                OnSegmentListen(header, payload, now);
                break;
            case TcpState.SynSent:
                OnSegmentSynSent(header, payload, now);
                break;
            default:
                OnSegmentSynchronized(header, payload, now);
                break;
        }
    }

    /// <summary>SEG.LEN: the data length plus one for SYN and one for FIN.</summary>
    private static int SegmentLength(in TcpHeader header, int payloadLength)
        => payloadLength + ((header.Flags & TcpFlags.Syn) != 0 ? 1 : 0) + ((header.Flags & TcpFlags.Fin) != 0 ? 1 : 0);

    /// <summary>RFC 9293 §3.10.7.1: a control block in CLOSED answers like a missing one.</summary>
    private void OnSegmentClosed(in TcpHeader header, int payloadLength)
    {
        if (TryCreateResetForUnknownSegment(header, payloadLength, out var reset))
        {
            QueueReset(reset.SequenceNumber, reset.AcknowledgmentNumber, (reset.Flags & TcpFlags.Ack) != 0);
        }
    }

    /// <summary>RFC 9293 §3.10.7.2: LISTEN.</summary>
    private void OnSegmentListen(in TcpHeader header, ReadOnlySpan<byte> payload, TimeSpan now)
    {
        // First, check for a RST: it cannot be valid; ignore it.
        if (header.Has(TcpFlags.Rst))
        {
            return;
        }

        // Second, check for an ACK: any acknowledgment is bad in LISTEN. <SEQ=SEG.ACK><CTL=RST>
        if (header.Has(TcpFlags.Ack))
        {
            QueueReset(header.AcknowledgmentNumber, default, withAck: false);
            return;
        }

        // Third, check for a SYN: RCV.NXT = SEG.SEQ+1, IRS = SEG.SEQ, select ISS, send
        // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, enter SYN-RECEIVED.
        if (header.Has(TcpFlags.Syn))
        {
            AcceptPeerSyn(header, now);
            AcceptEcnSetupSyn(header);
            SelectIss(now);
            SetState(TcpState.SynReceived, TcpCauses.ReceivedSyn, now);

            // Text on the SYN would be processed in SYN-RECEIVED; without TCP Fast Open we do not
            // deliver it (as Linux): the peer retransmits it after the handshake. A FIN on the SYN
            // is dropped with it, for the same reason.
            _ = payload;
            return;
        }

        // Fourth, other text or control: drop.
        _counters.SegmentsDropped++;
    }

    /// <summary>RFC 9293 §3.10.7.3: SYN-SENT.</summary>
    private void OnSegmentSynSent(in TcpHeader header, ReadOnlySpan<byte> payload, TimeSpan now)
    {
        var ack = header.AcknowledgmentNumber;
        var ackAcceptable = false;

        // First, check the ACK bit.
        if (header.Has(TcpFlags.Ack))
        {
            // If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send <SEQ=SEG.ACK><CTL=RST> (unless RST is set) and drop.
            if (ack <= Iss || ack > SndMax)
            {
                if (!header.Has(TcpFlags.Rst))
                {
                    QueueReset(ack, default, withAck: false);
                }

                _counters.SegmentsDropped++;
                return;
            }

            // SND.UNA < SEG.ACK =< SND.NXT: acceptable.
            ackAcceptable = ack.IsAfterAndAtMost(SndUna, SndMax);
        }

        // Second, check the RST bit: with an acceptable ACK the connection was refused; without one, drop.
        // (RFC 5961 §3.2: in SYN-SENT the ACK check above already guards against blind resets.)
        if (header.Has(TcpFlags.Rst))
        {
            if (ackAcceptable)
            {
                _counters.ResetsReceived++;
                Fail(TcpError.ConnectionRefused, TcpCauses.ReceivedRst, now);
            }

            return;
        }

        // Fourth, check the SYN bit (reached only with an acceptable ACK or no ACK).
        if (!header.Has(TcpFlags.Syn))
        {
            // Fifth: neither SYN nor RST: drop.
            _counters.SegmentsDropped++;
            return;
        }

        AcceptPeerSyn(header, now);
        if (ackAcceptable)
        {
            AcceptEcnSetupSynAck(header);
            SndUna = ack;
            OnSynAcknowledged(now);

            // Our SYN is ACKed: ESTABLISHED, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. The window
            // field of a SYN is never scaled (RFC 7323 §2.2).
            UpdateSendWindow(header.Window, header.SequenceNumber, ack);
            SetState(TcpState.Established, TcpCauses.ReceivedSynAck, now);
            _ackNow = true;
            NoteSegmentReceived(now);

            // Other controls or text: continue at the sixth step (URG, text, FIN).
            ProcessUrgentTextAndFin(header, payload, header.SequenceNumber + 1, now);
            ApplyQueuedShutdown(now);
            return;
        }

        // Simultaneous open (RFC 9293 MUST-10): enter SYN-RECEIVED and send
        // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>; our SYN goes out again, now with the ACK.
        // SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK. Text on the SYN is queued
        // for processing after ESTABLISHED is reached.
        UpdateSendWindow(header.Window, header.SequenceNumber, ack);
        AcceptEcnSetupSynInSynSent(header);
        HoldSynText(payload);
        SndNxt = Iss;
        _rttTiming = false;
        SetState(TcpState.SynReceived, TcpCauses.ReceivedSyn, now);
    }

    /// <summary>Sets SND.WND (already scaled), SND.WL1 and SND.WL2, and tracks MAX.SND.WND.</summary>
    private void UpdateSendWindow(uint window, SequenceNumber sequence, SequenceNumber acknowledgment)
    {
        SndWnd = window;
        SndWl1 = sequence;
        SndWl2 = acknowledgment;
        if (window > MaxSndWnd)
        {
            MaxSndWnd = window;
        }
    }
}
