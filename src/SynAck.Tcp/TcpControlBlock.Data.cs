using SynAck.Wire;

namespace SynAck.Tcp;

// The receiving side: text into the receive buffer, the user's RECEIVE, the offered window
// (receiver SWS avoidance), delayed ACKs, urgent data and the peer's FIN.
public sealed partial class TcpControlBlock
{
    private SequenceNumber _rcvAdvertisedEdge;
    private SequenceNumber _readSequence;
    private SequenceNumber _peerFinSequence;
    private bool _peerFinKnown;
    private bool _finReceived;
    private bool _rcvUpValid;
    private bool _dataReadableSignalled;
    private int _rcvBytesUnacked;
    private int _rcvMss;

    /// <summary>Bytes received in order and not yet read by the user.</summary>
    public int BytesReadable => _receiveBuffer.Readable;

    /// <summary>Whether the peer's FIN has arrived and every byte before it has been read: the stream has ended.</summary>
    public bool IsEndOfStream => _finReceived && _receiveBuffer.Readable == 0;

    /// <summary>Whether the peer's FIN has arrived (the user may still have data to read).</summary>
    public bool IsPeerFinished => _finReceived;

    /// <summary>Whether the peer's urgent pointer is ahead of the data read so far ("urgent mode", RFC 9293 §3.8.5).</summary>
    public bool IsUrgentDataPending => _rcvUpValid && RcvUp > _readSequence;

    /// <summary>
    /// How many bytes the user must read to reach the end of the urgent data (RFC 9293 MUST-33);
    /// 0 when no urgent data is pending. Urgent data stays in the stream (it is not out of band).
    /// </summary>
    public int BytesUntilUrgentMark => IsUrgentDataPending ? RcvUp - _readSequence : 0;

    /// <summary>
    /// RECEIVE (RFC 9293 §3.10.3): copies received bytes, in order, into <paramref name="destination"/>
    /// and returns how many. 0 means nothing is buffered: see <see cref="IsEndOfStream"/> for the
    /// peer's FIN and <see cref="Error"/> for a failed connection.
    /// </summary>
    /// <remarks>Reading may open the window; the window update is the next segment to send.</remarks>
    public int Receive(Span<byte> destination)
    {
        ThrowIfDisposed();
        _dataReadableSignalled = false;
        var read = _receiveBuffer.Read(destination);
        if (read > 0)
        {
            _readSequence += read;
            if (IsWindowUpdateWorthSending())
            {
                _ackNow = true;
            }
        }

        return read;
    }

    /// <summary>Seventh step: places text in the receive buffer and decides how to acknowledge it.</summary>
    private void DeliverText(SequenceNumber dataSequence, ReadOnlySpan<byte> payload, TimeSpan now)
    {
        var offset = dataSequence - RcvNxt;
        if (offset < 0)
        {
            // RFC 2883 §4: the part before RCV.NXT had arrived already; report it with D-SACK.
            ReportDuplicate(dataSequence, Math.Min(-offset, payload.Length));

            // Only the new part of a segment that straddles RCV.NXT is processed.
            if (-offset >= payload.Length)
            {
                _ackNow = true;
                return;
            }

            payload = payload[-offset..];
            offset = 0;
        }

        // Trim to the offered window (RFC 9293 §3.10.7.4: "trimming off any portions that lie outside the window").
        var room = ReceiveWindowEdge - RcvNxt - offset;
        if (room <= 0)
        {
            _ackNow = true;
            return;
        }

        if (payload.Length > room)
        {
            payload = payload[..room];
            _ackNow = true;
        }

        var advanced = _receiveBuffer.Write(offset, payload, out var result);
        if (result.DuplicateBytes > 0 && !result.Duplicate.IsEmpty)
        {
            // RFC 2883 §4.1.2: bytes already held out of order are reported as a D-SACK block,
            // followed by the block that holds them (the range the duplicate just touched).
            ReportDuplicate(RcvNxt + result.Duplicate.Offset, result.Duplicate.Length);
            _ackNow = true;
        }

        if (advanced == 0)
        {
            // Above a gap, a duplicate, or dropped: RFC 5681 §4.2 asks for an immediate ACK so
            // the sender sees a duplicate ACK.
            if (result.IsOutOfOrder)
            {
                _counters.OutOfOrderSegments++;
            }

            _ackNow = true;
            return;
        }

        OnTextInOrder(advanced, now);
        if (result.FilledGap || result.BeyondWindow > 0)
        {
            // RFC 5681 §4.2: a segment that fills a gap is acknowledged at once; so is one whose
            // tail did not fit, so that the sender learns at once what to send again.
            _ackNow = true;
            return;
        }

        ScheduleAck(payload.Length, now);
    }

    /// <summary>RCV.NXT moves over <paramref name="advanced"/> bytes that are now readable.</summary>
    private void OnTextInOrder(int advanced, TimeSpan now)
    {
        RcvNxt += advanced;
        _counters.BytesReceived += advanced;
        if (!_dataReadableSignalled)
        {
            _dataReadableSignalled = true;
            Raise(TcpEventKind.DataReadable, now);
        }
    }

    /// <summary>
    /// SYN-SENT: text on the peer's SYN (no ACK of ours, a simultaneous open) waits in the receive
    /// buffer, unacknowledged and unreadable, to be processed once ESTABLISHED is reached (RFC 9293
    /// §3.10.7.3). Only what fits in the window our SYN offered is kept; URG and FIN on the SYN are
    /// not, so the peer sends them again.
    /// </summary>
    private void HoldSynText(ReadOnlySpan<byte> payload)
    {
        var window = Math.Max(0, _rcvAdvertisedEdge - RcvNxt);
        if (!payload.IsEmpty && window > 0)
        {
            _receiveBuffer.Hold(payload[..Math.Min(payload.Length, window)]);
        }
    }

    /// <summary>On reaching ESTABLISHED: the text held from the peer's SYN is processed as if it had just arrived.</summary>
    private void ProcessHeldSynText(TimeSpan now)
    {
        var advanced = _receiveBuffer.AdvanceOverHeld();
        if (advanced > 0)
        {
            OnTextInOrder(advanced, now);
            ScheduleAck(advanced, now);
        }
    }

    /// <summary>
    /// Delayed ACK (RFC 9293 §3.8.6.3): at least every second full-sized segment (SHLD-19), and
    /// otherwise within <see cref="TcpSettings.DelayedAckTimeout"/> (MUST-40).
    /// </summary>
    private void ScheduleAck(int segmentBytes, TimeSpan now)
    {
        if (segmentBytes > _rcvMss)
        {
            _rcvMss = Math.Min(segmentBytes, AdvertisedMss);
        }

        _rcvBytesUnacked += segmentBytes;
        if (!_settings.DelayedAcknowledgments || _rcvBytesUnacked >= 2 * _rcvMss)
        {
            _ackNow = true;
        }
        else if (_delayedAckDeadline == Never)
        {
            _delayedAckDeadline = now + _settings.DelayedAckTimeout;
        }
    }

    /// <summary>Sixth step: RCV.UP &lt;- max(RCV.UP, SEG.UP); tell the user when it moves ahead of the data read (MUST-32).</summary>
    private void OnUrgentPointer(SequenceNumber pointer, TimeSpan now)
    {
        if (_rcvUpValid && pointer <= RcvUp)
        {
            return;
        }

        RcvUp = pointer;
        _rcvUpValid = true;
        if (RcvUp > _readSequence)
        {
            Raise(TcpEventKind.UrgentData, now, TcpCauses.UrgentPointer);
        }
    }

    /// <summary>Eighth step: once every byte before the peer's FIN has arrived, take the FIN.</summary>
    private void ProcessFinIfReady(TimeSpan now)
    {
        if (!_peerFinKnown || _finReceived || _peerFinSequence != RcvNxt
            || _state is not (TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2))
        {
            return;
        }

        // Signal "connection closing", advance RCV.NXT over the FIN, and acknowledge it.
        RcvNxt += 1;
        _finReceived = true;
        _ackNow = true;
        Raise(TcpEventKind.PeerClosed, now, TcpCauses.ReceivedFin);
        switch (_state)
        {
            case TcpState.Established:
                SetState(TcpState.CloseWait, TcpCauses.ReceivedFin, now);
                break;
            case TcpState.FinWait1:
                // Our FIN not yet acknowledged (else the ACK step moved us to FIN-WAIT-2): CLOSING.
                SetState(TcpState.Closing, TcpCauses.ReceivedFin, now);
                break;
            default:
                SetState(TcpState.TimeWait, TcpCauses.ReceivedFin, now);
                break;
        }
    }

    /// <summary>
    /// The window field for a non-SYN segment: the free buffer space, as Linux (tcp_select_window)
    /// and FreeBSD (tcp_output) offer it in every segment they send. Receiver SWS avoidance
    /// (RFC 9293 §3.8.6.2.2, MUST-39) is in the value only in that a tiny window is never offered
    /// (see <see cref="SelectWindow"/>), and in when a pure window update is sent
    /// (<see cref="IsWindowUpdateWorthSending"/>). The right edge never moves left (SHLD-14).
    /// </summary>
    private ushort WindowToAdvertise()
    {
        var shift = ReceiveWindowShift;
        var offered = SelectWindow();
        var current = Math.Max(0, _rcvAdvertisedEdge - RcvNxt);
        if (offered < current)
        {
            // RFC 9293 SHLD-14, RFC 7323 §2.4: keep the edge, rounded up so that scaling cannot pull it back.
            offered = RoundUpToScaleUnit(current, shift);
        }

        var scaled = Math.Min(offered >> shift, ushort.MaxValue);
        var edge = RcvNxt + (scaled << shift);
        if (edge > _rcvAdvertisedEdge)
        {
            _rcvAdvertisedEdge = edge;
        }

        return (ushort)scaled;
    }

    /// <summary>
    /// The window to offer now, before the edge is held: the free space, except that below half the
    /// buffer a window under the peer's segment size or under 1/16 of the buffer is offered as 0
    /// (Linux __tcp_select_window; FreeBSD's threshold is min(buffer/4, MSS)), so that the peer is
    /// not invited to send tiny segments. With scaling, a window below half the buffer is rounded
    /// down to the scale unit (it must not promise more than the buffer holds), a larger one up
    /// (Linux: so that the shift does not take it away).
    /// </summary>
    /// <param name="windowFieldLimit">Whether to cap the window at what the window field expresses (65535 &lt;&lt; shift).</param>
    private int SelectWindow(bool windowFieldLimit = true)
    {
        var shift = ReceiveWindowShift;
        var free = windowFieldLimit ? AdvertisableSpace : _receiveBuffer.FreeSpace;
        var capacity = _receiveBuffer.Capacity;
        if (free < capacity / 2)
        {
            free &= ~((1 << shift) - 1);
            if (free < Math.Min(_rcvMss, capacity) || free < capacity / 16)
            {
                return 0;
            }
        }

        // Only a window the field must carry is rounded up to the scale unit; RCV.WND itself is the buffer's.
        return windowFieldLimit ? Math.Min(RoundUpToScaleUnit(free, shift), ushort.MaxValue << shift) : free;
    }

    /// <summary>
    /// RCV.NXT + RCV.WND, the right edge of the window segments are accepted into (RFC 9293
    /// §3.10.7.4): the edge last advertised, or further where the window field could not say the
    /// whole window (RFC 7323 §2.3: SEG.WND is RCV.WND &gt;&gt; shift, at most 65535), as FreeBSD
    /// accepts into its whole buffer (tcp_input: rcv_wnd = max(sbspace, rcv_adv - rcv_nxt)). A
    /// tiny window held back by SWS avoidance is not accepted into, and a passive open that is not
    /// yet established accepts exactly what its SYN+ACK offered (as FreeBSD's SYN cache and Linux's
    /// request sockets do).
    /// </summary>
    private SequenceNumber ReceiveWindowEdge
    {
        get
        {
            if (_passive && _state == TcpState.SynReceived)
            {
                return _rcvAdvertisedEdge;
            }

            var edge = RcvNxt + SelectWindow(windowFieldLimit: false);
            return edge > _rcvAdvertisedEdge ? edge : _rcvAdvertisedEdge;
        }
    }

    private static int RoundUpToScaleUnit(int window, int shift) => (int)Math.Min(((long)window + (1 << shift) - 1) >> shift << shift, int.MaxValue);

    /// <summary>The window field of our SYN or SYN+ACK: never scaled (RFC 7323 §2.2).</summary>
    private ushort SynWindow() => (ushort)Math.Min(_receiveBuffer.FreeSpace, ushort.MaxValue);

    /// <summary>
    /// After a read: send a pure window update when the offered window is at most half the buffer
    /// and the new one is at least twice as large (Linux), and the move passes receiver SWS
    /// avoidance: the right edge moves by at least min(RCV.BUFF/2, Eff.snd.MSS) (RFC 9293 §3.8.6.2.2).
    /// </summary>
    private bool IsWindowUpdateWorthSending()
    {
        if (_state is not (TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2))
        {
            return false;
        }

        var offered = Math.Max(0, _rcvAdvertisedEdge - RcvNxt);
        var next = SelectWindow();
        return 2L * offered <= _receiveBuffer.Capacity
            && next >= 2L * offered
            && next - offered >= Math.Min(_receiveBuffer.Capacity / 2, EffectiveSendMss);
    }

    /// <summary>The free buffer space, as far as the window field can express it (65535 &lt;&lt; shift).</summary>
    private int AdvertisableSpace => Math.Min(_receiveBuffer.FreeSpace, ushort.MaxValue << ReceiveWindowShift);

    private void DiscardReceivedData()
    {
        var readable = _receiveBuffer.Readable;
        _receiveBuffer.Consume(readable);
        _readSequence += readable;
    }
}
