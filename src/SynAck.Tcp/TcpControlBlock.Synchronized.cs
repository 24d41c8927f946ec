using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// SEGMENT ARRIVES in SYN-RECEIVED and the synchronized states (RFC 9293 §3.10.7.4), step by step.
public sealed partial class TcpControlBlock
{
    private void OnSegmentSynchronized(in TcpHeader header, ReadOnlySpan<byte> payload, TimeSpan now)
    {
        var sequence = header.SequenceNumber;
        var length = SegmentLength(header, payload.Length);

        if (_state == TcpState.TimeWait)
        {
            OnSegmentInTimeWait(header, sequence, length, now);
            return;
        }

        // RFC 7323 §5.3 R1: PAWS comes before the sequence number test.
        if (RejectedByPaws(header, now))
        {
            return;
        }

        // SYN-RECEIVED: the peer's SYN again (SEG.SEQ = IRS) means our SYN+ACK was lost; send it
        // again at once, as Linux does, rather than the bare ACK the sequence test would give.
        // Its retransmission timer restarts from this transmission.
        if (_state == TcpState.SynReceived && (header.Flags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst)) == TcpFlags.Syn && sequence == Irs)
        {
            SndNxt = Iss;
            _rttTiming = false;
            _retransmitDeadline = Never;
            return;
        }

        // Simultaneous open (RFC 9293 §3.5 Figure 8, line 6): the peer's SYN+ACK repeats its SYN
        // (SEG.SEQ = IRS, already received) and acknowledges ours. Only the new part, the ACK, is
        // processed: ESTABLISHED (Linux passes it the same way).
        if (_state == TcpState.SynReceived && !_passive
            && (header.Flags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst)) == (TcpFlags.Syn | TcpFlags.Ack)
            && sequence == Irs && header.AcknowledgmentNumber.IsAfterAndAtMost(SndUna, SndMax))
        {
            NoteSegmentReceived(now);
            UpdateTsRecent(header, now);
            SetState(TcpState.Established, TcpCauses.ReceivedSynAck, now);
            OnAcknowledgment(header, payload.Length, now);

            // The window field of a SYN is never scaled (RFC 7323 §2.2).
            UpdateSendWindow(header.Window, sequence, header.AcknowledgmentNumber);
            ApplyQueuedShutdown(now);
            ProcessUrgentTextAndFin(header, payload, sequence + 1, now);
            return;
        }

        // First, check the sequence number (Table 6). An unacceptable segment draws
        // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> unless it carries RST, and is dropped.
        if (!IsAcceptable(sequence, length))
        {
            _counters.SegmentsDropped++;
            if (payload.Length > 0 && sequence + payload.Length <= RcvNxt)
            {
                // RFC 2883 §4: data we already had (a retransmission the sender did not need).
                ReportDuplicate(sequence, payload.Length);
            }

            if (!header.Has(TcpFlags.Rst))
            {
                _ackNow = true;
                if (_settings.ProcessAckOfOldSegments && IsOldDuplicate(header, sequence, length))
                {
                    ProcessAckOfOldSegment(header, now);
                }
            }

            return;
        }

        NoteSegmentReceived(now);
        OnEcnInput(header);

        // Second, check the RST bit.
        if (header.Has(TcpFlags.Rst))
        {
            OnResetInWindow(sequence, now);
            return;
        }

        // Third, security: SynAck does not use the IP security/compartment option.
        // Fourth, check the SYN bit.
        if (header.Has(TcpFlags.Syn))
        {
            OnSynInWindow(now);
            return;
        }

        // RFC 7323 §5.3 R3: an acceptable segment (not a RST) may update TS.Recent.
        UpdateTsRecent(header, now);

        // Fifth, check the ACK field.
        if (!header.Has(TcpFlags.Ack))
        {
            _counters.SegmentsDropped++;
            return;
        }

        if (!ProcessAckField(header, payload.Length, now))
        {
            return;
        }

        // Sixth to eighth: URG, segment text, FIN.
        ProcessUrgentTextAndFin(header, payload, sequence, now);
    }

    /// <summary>A segment that lies wholly before RCV.NXT and carries an ACK (not a SYN): an old duplicate.</summary>
    private bool IsOldDuplicate(in TcpHeader header, SequenceNumber sequence, int length)
        => (header.Flags & (TcpFlags.Ack | TcpFlags.Syn)) == TcpFlags.Ack && sequence + length <= RcvNxt && sequence < RcvNxt
            && _state != TcpState.SynReceived;

    /// <summary>
    /// With <see cref="TcpSettings.ProcessAckOfOldSegments"/>: the ACK field of an old duplicate is
    /// processed (fifth check) as if the segment had been trimmed to RCV.NXT, as the BSD stacks do;
    /// its text and FIN are not. The ACK that RFC 9293 asks for is still sent unless this ACK ended
    /// the connection or moved it to TIME-WAIT.
    /// </summary>
    private void ProcessAckOfOldSegment(in TcpHeader header, TimeSpan now)
    {
        ProcessAckField(header, payloadLength: 0, now);
        _ackNow = _state is not (TcpState.Closed or TcpState.TimeWait);
    }

    /// <summary>
    /// RFC 9293 §3.10.7.4, first check, Table 6. A zero window still admits a segment that begins at
    /// RCV.NXT so that its ACK, URG and RST are processed ("special allowance"); its text is trimmed away.
    /// </summary>
    private bool IsAcceptable(SequenceNumber sequence, int length)
    {
        var window = RcvWnd;
        if (length == 0)
        {
            return window == 0 ? sequence == RcvNxt : sequence.IsInWindow(RcvNxt, window);
        }

        if (window == 0)
        {
            return sequence <= RcvNxt && sequence + length > RcvNxt;
        }

        return sequence.IsInWindow(RcvNxt, window) || (sequence + (length - 1)).IsInWindow(RcvNxt, window);
    }

    /// <summary>Second check: an in-window RST (RFC 9293 §3.10.7.4, RFC 5961 §3, RFC 1337).</summary>
    private void OnResetInWindow(SequenceNumber sequence, TimeSpan now)
    {
        // RFC 1337: a RST in TIME-WAIT would assassinate it early; ignore it.
        if (_state == TcpState.TimeWait && _settings.IgnoreRstInTimeWait)
        {
            _counters.SegmentsDropped++;
            return;
        }

        // RFC 5961 §3.2: reset only when SEG.SEQ = RCV.NXT exactly; elsewhere in the window send a
        // challenge ACK and drop the segment.
        if (_settings.Rfc5961 && sequence != RcvNxt)
        {
            SendChallengeAck(now);
            return;
        }

        _counters.ResetsReceived++;
        switch (_state)
        {
            case TcpState.SynReceived when _passive:
                ReturnToListen(TcpCauses.ReceivedRst, now);
                break;
            case TcpState.SynReceived:
                Fail(TcpError.ConnectionRefused, TcpCauses.ReceivedRst, now);
                break;
            case TcpState.TimeWait:
                EnterClosed(TcpCauses.ReceivedRst, now);
                break;
            default:
                // ESTABLISHED to LAST-ACK: RFC 9293 tells the user "connection reset" where it may
                // still be listening (ESTABLISHED to CLOSE-WAIT) and only enters CLOSED in CLOSING
                // and LAST-ACK. A user who only shut down sending still holds the connection there
                // and learns of the reset too (ECONNRESET, as Linux's tcp_reset and FreeBSD report).
                Fail(TcpError.ConnectionReset, TcpCauses.ReceivedRst, now);
                break;
        }
    }

    /// <summary>Fourth check: a SYN in SYN-RECEIVED or a synchronized state.</summary>
    private void OnSynInWindow(TimeSpan now)
    {
        // SYN-RECEIVED from a passive OPEN: return to LISTEN (MUST-11).
        if (_state == TcpState.SynReceived && _passive)
        {
            ReturnToListen(TcpCauses.ReceivedSyn, now);
            return;
        }

        // RFC 5961 §4: whatever its sequence number, a SYN draws a challenge ACK and is dropped.
        if (_settings.Rfc5961Syn ?? _settings.Rfc5961)
        {
            SendChallengeAck(now);
            return;
        }

        // RFC 793: a SYN in the window is an error: send a reset and reset the connection. The
        // connection still exists, so the reset is the one ABORT sends (RFC 9293 §3.10.5,
        // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>, as FreeBSD's insecure_syn mode sends it), not
        // the CLOSED state's reply built from the segment (§3.5.2), which a synchronized peer
        // would find outside its window.
        QueueReset(AcceptableSequence, RcvNxt, withAck: true);
        Fail(TcpError.ConnectionReset, TcpCauses.ReceivedSynInWindow, now);
    }

    /// <summary>Fifth check, the ACK field. Returns false when processing stops here.</summary>
    private bool ProcessAckField(in TcpHeader header, int payloadLength, TimeSpan now)
    {
        var ack = header.AcknowledgmentNumber;
        if (_state == TcpState.SynReceived)
        {
            // If SND.UNA < SEG.ACK =< SND.NXT, enter ESTABLISHED with SND.WND <- SEG.WND,
            // SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK; otherwise send <SEQ=SEG.ACK><CTL=RST>.
            if (!ack.IsAfterAndAtMost(SndUna, SndMax))
            {
                QueueReset(ack, default, withAck: false);
                _counters.SegmentsDropped++;
                return false;
            }

            UpdateSendWindow((uint)header.Window << SendWindowShift, header.SequenceNumber, ack);
            SetState(TcpState.Established, TcpCauses.ReceivedAckOfSyn, now);
            ApplyQueuedShutdown(now);
        }

        if (_settings.Rfc5961)
        {
            // RFC 5961 §5.2: acceptable only when (SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT;
            // otherwise drop the segment and send a (rate-limited) ACK.
            if (ack > SndMax || ack < SndUna - (int)Math.Min(MaxSndWnd, int.MaxValue))
            {
                _counters.SegmentsDropped++;
                SendChallengeAck(now);
                return false;
            }
        }
        else if (ack > SndMax)
        {
            // RFC 9293: an ACK of something not yet sent draws an ACK; drop the segment.
            _counters.SegmentsDropped++;
            _ackNow = true;
            return false;
        }

        OnAcknowledgment(header, payloadLength, now);

        switch (_state)
        {
            case TcpState.FinWait1 when IsFinAcknowledged:
                SetState(TcpState.FinWait2, TcpCauses.ReceivedAckOfFin, now);
                ArmFinWait2Timer(now);
                break;
            case TcpState.Closing:
                if (!IsFinAcknowledged)
                {
                    return false;
                }

                SetState(TcpState.TimeWait, TcpCauses.ReceivedAckOfFin, now);
                break;
            case TcpState.LastAck when IsFinAcknowledged:
                EnterClosed(TcpCauses.ReceivedAckOfFin, now);
                return false;
            default:
                break;
        }

        return true;
    }

    /// <summary>Sixth (URG), seventh (text) and eighth (FIN) steps; <paramref name="dataSequence"/> is the sequence number of the first payload byte.</summary>
    private void ProcessUrgentTextAndFin(in TcpHeader header, ReadOnlySpan<byte> payload, SequenceNumber dataSequence, TimeSpan now)
    {
        var receiving = _state is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2;

        // Sixth: RCV.UP <- max(RCV.UP, SEG.UP) and signal the user (MUST-32). Ignored once the
        // peer's FIN has arrived.
        if (receiving && header.Has(TcpFlags.Urg))
        {
            OnUrgentPointer(header.SequenceNumber + header.UrgentPointer, now);
        }

        // Seventh: the text. After the peer's FIN (CLOSE-WAIT and later) it is ignored.
        if (receiving && !payload.IsEmpty)
        {
            if (_closedByUser && dataSequence + payload.Length > RcvNxt)
            {
                // RFC 9293 SHLD-3: new data after CLOSE means it was lost: reset (as Linux).
                QueueReset(header.AcknowledgmentNumber, default, withAck: false);
                DiscardReceivedData();
                EnterClosed(TcpCauses.DataAfterClose, now);
                return;
            }

            DeliverText(dataSequence, payload, now);
        }

        // Eighth: the FIN, processed when everything before it has arrived.
        if (header.Has(TcpFlags.Fin) && !_finReceived)
        {
            var finSequence = dataSequence + payload.Length;
            if (finSequence >= RcvNxt && finSequence <= ReceiveWindowEdge)
            {
                _peerFinSequence = finSequence;
                _peerFinKnown = true;
            }

            if (finSequence != RcvNxt)
            {
                _ackNow = true;
            }
        }

        ProcessFinIfReady(now);
    }

    /// <summary>RFC 9293 §3.10.7.4 SYN-RECEIVED: a passive connection reset by its peer goes back to LISTEN.</summary>
    private void ReturnToListen(string cause, TimeSpan now)
    {
        _sendBuffer.Consume(_sendBuffer.Count);
        SetState(TcpState.Listen, cause, now);
        ResetTimers();
        _ackNow = false;
        Raise(TcpEventKind.ReturnedToListen, now, cause);
    }
}
