using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// The sending side: the user's SEND, and segmentisation when the stack polls for output
// (sender SWS avoidance, Nagle, PSH, URG, FIN, retransmission, pure ACKs and probes).
public sealed partial class TcpControlBlock
{
    private SequenceNumber _sendDataStart;
    private SequenceNumber _finSequence;
    private SequenceNumber _shortSegmentEnd;
    private bool _finQueued;
    private bool _closedByUser;
    private bool _sendBlocked;
    private bool _sendingUrgent;
    private bool _ackNow;
    private bool _probePending;
    private bool _forceSend;
    private bool _rstPending;
    private bool _rstWithAck;
    private SequenceNumber _rstSequence;
    private SequenceNumber _rstAcknowledgment;

    /// <summary>Whether <see cref="Send"/> accepts data: the connection is open or opening and sending has not been shut down.</summary>
    public bool CanSend => !_finQueued && _state is TcpState.SynSent or TcpState.SynReceived or TcpState.Established or TcpState.CloseWait;

    /// <summary>Bytes <see cref="Send"/> would accept now.</summary>
    public int SendBufferFree => CanSend ? _sendBuffer.Free : 0;

    /// <summary>Bytes queued and not yet acknowledged (sent or not).</summary>
    public int BytesQueued => _sendBuffer.Count;

    /// <summary>Whether we are in urgent mode: SND.UP is ahead of SND.UNA.</summary>
    public bool IsSendingUrgent => _sendingUrgent && SndUp > SndUna;

    /// <summary>
    /// SEND (RFC 9293 §3.10.2): queues as much of <paramref name="data"/> as the send buffer takes
    /// and returns how many bytes that was. In SYN-SENT and SYN-RECEIVED the data waits for
    /// ESTABLISHED. The last segment built from the queued data carries PSH (MUST-61).
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection cannot send (<see cref="CanSend"/> is false).</exception>
    public int Send(ReadOnlySpan<byte> data)
    {
        ThrowIfDisposed();
        if (!CanSend)
        {
            throw new InvalidOperationException($"Cannot send in state {_state}{(_finQueued ? " after shutting down sending" : string.Empty)}.");
        }

        var accepted = _sendBuffer.Write(data);
        if (accepted < data.Length)
        {
            _sendBlocked = true;
        }

        return accepted;
    }

    /// <summary>
    /// SEND with the URGENT flag (RFC 9293 §3.8.5, §3.10.2): queues <paramref name="data"/> and sets
    /// SND.UP just after its last byte (MUST-62), so segments up to there carry URG.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection cannot send.</exception>
    public int SendUrgent(ReadOnlySpan<byte> data)
    {
        var accepted = Send(data);
        if (accepted > 0)
        {
            SndUp = SendDataEnd;
            _sendingUrgent = true;
        }

        return accepted;
    }

    /// <summary>The payload a segment can carry now: Eff.snd.MSS less the SACK blocks it must carry (as Linux's tcp_current_mss).</summary>
    private int SegmentCapacity => EffectiveSendMss - SackOptionLength;

    /// <summary>The sequence number just after the last queued byte.</summary>
    private SequenceNumber SendDataEnd => _sendDataStart + _sendBuffer.Count;

    /// <summary>Whether our FIN is queued and not yet sent (or must be sent again).</summary>
    private bool IsFinPending => _finQueued && SndNxt <= _finSequence;

    /// <summary>Whether our FIN has been acknowledged.</summary>
    private bool IsFinAcknowledged => _finQueued && SndUna > _finSequence;

    /// <summary>
    /// Gives the next segment to put on the wire, if any: its header (ports, SEQ, ACK, flags, the
    /// scaled window, options) and its payload copied into <paramref name="payloadDestination"/>,
    /// which should hold at least <see cref="EffectiveSendMss"/> bytes. Call until it returns false.
    /// After each segment, <see cref="LastSegmentEcn"/> is the ECN codepoint its IP header carries,
    /// and <see cref="TcpSettings.OptionLayout"/> how its options are written.
    /// </summary>
    /// <param name="now">The caller's clock (starts retransmission timing).</param>
    /// <param name="payloadDestination">Where the payload goes.</param>
    /// <param name="header">The header to send.</param>
    /// <param name="payloadLength">How many bytes of <paramref name="payloadDestination"/> are payload.</param>
    public bool TryGetSegment(TimeSpan now, Span<byte> payloadDestination, out TcpHeader header, out int payloadLength)
    {
        ThrowIfDisposed();
        var retransmittedBefore = _counters.SegmentsRetransmitted;
        if (!TryBuildSegment(now, payloadDestination, out header, out payloadLength))
        {
            LastSegmentEcn = default;
            return false;
        }

        // What every segment carries besides its own fields, decided in one place: timestamps
        // (RFC 7323 §3.2) and the ECN marks (RFC 3168 §6.1). A SYN has its options already.
        var newData = payloadLength > 0 && _counters.SegmentsRetransmitted == retransmittedBefore;
        header = header with
        {
            Flags = ApplyEcn(header.Flags, newData),
            Options = header.Has(TcpFlags.Syn) ? header.Options : WithTimestamps(header.Options, now),
        };
        if (header.Has(TcpFlags.Ack))
        {
            _lastAckSent = header.AcknowledgmentNumber;
        }

        return true;
    }

    /// <summary>The next segment's own fields: what <see cref="TryGetSegment"/> sends, before timestamps and ECN marks.</summary>
    private bool TryBuildSegment(TimeSpan now, Span<byte> payloadDestination, out TcpHeader header, out int payloadLength)
    {
        payloadLength = 0;
        if (_rstPending)
        {
            _rstPending = false;
            header = NewHeader(_rstSequence, _rstWithAck ? _rstAcknowledgment : default, _rstWithAck ? TcpFlags.Rst | TcpFlags.Ack : TcpFlags.Rst, 0);
            CountSent(header.Flags);
            return true;
        }

        switch (_state)
        {
            case TcpState.Closed or TcpState.Listen:
                header = default;
                return false;
            case TcpState.SynSent or TcpState.SynReceived:
                if (SndNxt == Iss)
                {
                    header = BuildSyn(now);
                    return true;
                }

                if (_ackNow && _state == TcpState.SynReceived)
                {
                    header = BuildAck();
                    return true;
                }

                header = default;
                return false;
            case TcpState.TimeWait:
                if (_ackNow)
                {
                    header = BuildAck();
                    return true;
                }

                header = default;
                return false;
            default:
                break;
        }

        if (_retransmitHeadPending && TryBuildHeadRetransmission(now, payloadDestination, out header, out payloadLength))
        {
            return true;
        }

        if (UseScoreboard && TryBuildScoreboardRetransmission(now, payloadDestination, out header, out payloadLength))
        {
            return true;
        }

        if (_tlpDue && TryBuildTailLossProbe(now, payloadDestination, out header, out payloadLength))
        {
            return true;
        }

        if (TryBuildDataSegment(now, payloadDestination, out header, out payloadLength))
        {
            return true;
        }

        if (_probePending)
        {
            // A probe that the receiver must answer: an old sequence number, no data (Linux). It
            // serves zero-window probing (MUST-36) and keep-alive (SHLD-12: no data).
            _probePending = false;
            header = WithSackBlocks(NewHeader(SndUna - 1, RcvNxt, TcpFlags.Ack, WindowToAdvertise()));
            CountSent(header.Flags);
            OnAckSent();
            return true;
        }

        if (_ackNow)
        {
            header = BuildAck();
            return true;
        }

        UpdatePersistTimer(now);
        header = default;
        return false;
    }

    private TcpHeader BuildSyn(TimeSpan now)
    {
        var synAck = _state == TcpState.SynReceived;

        // The first SYN+ACK of a simultaneous open repeats our SYN's sequence number to answer the
        // peer's SYN, not because anything was lost: it is no retransmission, so it neither calls
        // for a one-segment initial window (RFC 5681 §3.1, RFC 6928 §2) nor for the 3 s RTO of
        // RFC 6298 §5.7. ISS has still gone out twice, so its ACK gives no RTT sample (Karn).
        var answersSimultaneousSyn = synAck && !_passive && !_simultaneousSynAckSent;
        _simultaneousSynAckSent |= answersSimultaneousSyn;
        var retransmission = SndMax != Iss && !answersSimultaneousSyn;
        var flags = (synAck ? TcpFlags.Syn | TcpFlags.Ack : TcpFlags.Syn) | SynEcnFlags(synAck, retransmission);
        var header = NewHeader(Iss, synAck ? RcvNxt : default, flags, SynWindow()) with
        {
            Options = BuildSynOptions(synAck, now),
        };
        SndNxt = Iss + 1;
        if (SndMax < SndNxt)
        {
            SndMax = SndNxt;
        }

        if (answersSimultaneousSyn)
        {
            _rttTiming = false;
        }
        else
        {
            OnSequenceSent(Iss, retransmission, now);
        }

        CountSent(header.Flags);
        if (synAck)
        {
            OnAckSent();
        }

        return header;
    }

    /// <summary>&lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt; with the current window (SEQ as <see cref="AcceptableSequence"/>).</summary>
    private TcpHeader BuildAck()
    {
        var header = WithSackBlocks(WithUrgent(NewHeader(AcceptableSequence, RcvNxt, TcpFlags.Ack, WindowToAdvertise())));
        CountSent(header.Flags);
        OnAckSent();
        return header;
    }

    /// <summary>
    /// New data, data again after a retransmission timeout (go-back-N from SND.UNA), and the FIN.
    /// Applies the usable window min(SND.WND, cwnd) - in flight, the Nagle algorithm (RFC 9293
    /// §3.7.4) and the sender's SWS avoidance (§3.8.6.2.1).
    /// </summary>
    private bool TryBuildDataSegment(TimeSpan now, Span<byte> payloadDestination, out TcpHeader header, out int payloadLength)
    {
        header = default;
        payloadLength = 0;
        var dataEnd = SendDataEnd;
        var unsent = Math.Max(0, dataEnd - SndNxt);
        var finPending = IsFinPending;
        if (unsent == 0 && !finPending)
        {
            return false;
        }

        var sequence = SndNxt;
        var retransmission = sequence < SndMax;
        var inFlight = UseScoreboard ? _scoreboard.Pipe : (long)(SndNxt - SndUna);
        var usable = UsableWindow(newData: !retransmission);
        if (retransmission && inFlight == 0 && usable <= 0)
        {
            // The window shrank under data already sent: the head goes out anyway and serves as
            // the probe (RFC 9293 MAY-7, SHLD-16).
            usable = 1;
        }

        if (!retransmission)
        {
            NoteSendLimit(unsent, inFlight);
        }

        var capacity = SegmentCapacity;
        var length = (int)Math.Max(0, Math.Min(Math.Min(unsent, usable), Math.Min(capacity, payloadDestination.Length)));
        var fin = finPending && sequence + length == _finSequence;
        if (length == 0 && !fin)
        {
            return false;
        }

        if (!retransmission && !fin && length < capacity && !_forceSend && !MaySendSmallSegment(length, unsent))
        {
            return false;
        }

        if (length > 0)
        {
            OnSendingData(length, newData: !retransmission, now);
            _sendBuffer.CopyTo(sequence - _sendDataStart, payloadDestination[..length]);
        }

        var flags = TcpFlags.Ack;
        if (length > 0 && sequence + length == dataEnd)
        {
            flags |= TcpFlags.Psh;
        }

        if (fin)
        {
            flags |= TcpFlags.Fin;
        }

        header = WithSackBlocks(WithUrgent(NewHeader(sequence, RcvNxt, flags, WindowToAdvertise())));
        payloadLength = length;
        var previousMax = SndMax;
        SndNxt = sequence + length + (fin ? 1 : 0);
        if (SndNxt > SndMax)
        {
            _counters.BytesSent += Math.Max(0, SequenceNumber.Min(SndNxt, dataEnd) - SequenceNumber.Max(sequence, previousMax));
            SndMax = SndNxt;
        }

        _forceSend = false;
        if (length < capacity && sequence + length > _shortSegmentEnd)
        {
            _shortSegmentEnd = sequence + length;
        }

        OnSequenceSent(sequence, retransmission, now);
        CountSent(flags);
        OnAckSent();
        if (UseScoreboard && !retransmission)
        {
            _scoreboard.Append(sequence, length + (fin ? 1 : 0), fin, now);
            ArmTlp(now);
        }

        return true;
    }

    /// <summary>
    /// Whether a segment shorter than Eff.snd.MSS may go now. RFC 9293 §3.8.6.2.1 sends it when all
    /// queued data fits (every SEND is pushed, MUST-60) or it is at least half the largest window
    /// seen. The Nagle algorithm (§3.7.4) holds it while data is unacknowledged, in Minshall's
    /// form (Appendix A.3, as Linux): only while an earlier short segment is unacknowledged, so
    /// the tail of a large write is not held. Once the user has closed, nothing is held (CLOSE
    /// implies PUSH).
    /// </summary>
    private bool MaySendSmallSegment(int length, int unsent)
    {
        var nagleHolds = !NoDelay && !_finQueued && _shortSegmentEnd > SndUna;
        if (nagleHolds)
        {
            return false;
        }

        return length == unsent || (MaxSndWnd > 0 && length >= MaxSndWnd / 2);
    }

    /// <summary>
    /// The SEQ of a segment without data (RFC 9293's SND.NXT): the highest sequence number sent,
    /// SND.MAX, not a SND.NXT rewound for go-back-N retransmission, which the peer may already have
    /// passed and would drop as old together with the ACK it carries (two such ends ACK each other
    /// forever). Kept inside the peer's window, as Linux's tcp_acceptable_seq and BSD's snd_max.
    /// </summary>
    private SequenceNumber AcceptableSequence
    {
        get
        {
            if (_state == TcpState.SynReceived)
            {
                return SndMax;
            }

            var windowEnd = SndUna + (int)Math.Min(SndWnd, int.MaxValue);
            return SndMax <= windowEnd ? SndMax : SequenceNumber.Max(windowEnd, SndNxt);
        }
    }

    /// <summary>A header to the peer with the connection's ports.</summary>
    private TcpHeader NewHeader(SequenceNumber sequence, SequenceNumber acknowledgment, TcpFlags flags, ushort window) => new()
    {
        SourcePort = _identity.LocalPort,
        DestinationPort = _identity.RemotePort,
        SequenceNumber = sequence,
        AcknowledgmentNumber = acknowledgment,
        Flags = flags,
        Window = window,
    };

    /// <summary>
    /// Sets URG and the urgent pointer SND.UP - SEG.SEQ (RFC 9293 §3.8.5, MUST-62) on a segment
    /// sent while urgent data is outstanding; an offset beyond 16 bits is sent as 65535.
    /// </summary>
    private TcpHeader WithUrgent(in TcpHeader header)
    {
        if (!_sendingUrgent || SndUp <= header.SequenceNumber)
        {
            return header;
        }

        return header with
        {
            Flags = header.Flags | TcpFlags.Urg,
            UrgentPointer = (ushort)Math.Min(SndUp - header.SequenceNumber, ushort.MaxValue),
        };
    }

    /// <summary>Any segment we send carries the current ACK and window, so pending and delayed ACKs are done.</summary>
    private void OnAckSent()
    {
        _ackNow = false;
        _delayedAckDeadline = Never;
        _rcvBytesUnacked = 0;
    }

    private void CountSent(TcpFlags flags)
    {
        _counters.SegmentsSent++;
        if ((flags & TcpFlags.Rst) != 0)
        {
            _counters.ResetsSent++;
        }
    }

    /// <summary>Queues a RST to go out before anything else.</summary>
    private void QueueReset(SequenceNumber sequence, SequenceNumber acknowledgment, bool withAck)
    {
        _rstPending = true;
        _rstSequence = sequence;
        _rstAcknowledgment = acknowledgment;
        _rstWithAck = withAck;
    }
}
