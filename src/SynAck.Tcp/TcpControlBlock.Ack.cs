using SynAck.Tcp.Rtt;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// Processing the ACK field in the synchronized states (RFC 9293 §3.10.7.4, fifth step):
// SND.UNA, the send window, RTT samples (Karn), the retransmission timer (RFC 6298 §5) and
// hand-off to congestion control and loss recovery.
public sealed partial class TcpControlBlock
{
    private readonly RttEstimator _rtt;
    private bool _rttTiming;
    private SequenceNumber _rttSequence;
    private TimeSpan _rttStart;
    private TimeSpan _unackedSince = TimeSpan.MaxValue;
    private int _retransmitCount;
    private int _probesOut;

    /// <summary>
    /// The ESTABLISHED processing of an acceptable ACK: if SND.UNA &lt; SEG.ACK =&lt; SND.NXT,
    /// SND.UNA &lt;- SEG.ACK and acknowledged data leaves the send buffer; a duplicate ACK goes to
    /// loss recovery; the window is updated when (SND.WL1 &lt; SEG.SEQ or (SND.WL1 = SEG.SEQ and
    /// SND.WL2 =&lt; SEG.ACK)).
    /// </summary>
    private void OnAcknowledgment(in TcpHeader header, int payloadLength, TimeSpan now)
    {
        var ack = header.AcknowledgmentNumber;
        var sequence = header.SequenceNumber;
        var window = (uint)header.Window << SendWindowShift;
        var previousUna = SndUna;

        // Any ACK answers our probes (MUST-37: the connection stays open while the peer answers).
        _probesOut = 0;

        var duplicate = false;
        if (ack > SndUna)
        {
            var flightBefore = FlightSize;
            var dataAcknowledged = Math.Max(0, SequenceNumber.Min(ack, SendDataEnd) - _sendDataStart);
            if (dataAcknowledged > 0)
            {
                _sendBuffer.Consume(dataAcknowledged);
                _sendDataStart += dataAcknowledged;
            }

            SndUna = ack;
            if (SndNxt < SndUna)
            {
                SndNxt = SndUna;
            }

            OnNewDataAcknowledged(ack, dataAcknowledged, flightBefore, now);
        }
        else if (ack == SndUna && IsDuplicateAck(header, payloadLength, window))
        {
            _counters.DuplicateAcksReceived++;
            duplicate = true;
            if (!UseScoreboard)
            {
                OnDuplicateAck(now);
            }
        }

        if (UseScoreboard)
        {
            OnSackAcknowledgment(header, previousUna, duplicate, now);
        }

        OnEcnEcho(header, now);

        if (ack >= previousUna && (SndWl1 < sequence || (SndWl1 == sequence && SndWl2 <= ack)))
        {
            UpdateSendWindow(window, sequence, ack);
        }

        if (SndWnd == 0)
        {
            // The peer answers while its window is closed: retransmissions into it are probes,
            // which must not time the connection out (RFC 9293 SHLD-17, MUST-37).
            _retransmitCount = 0;
        }
    }

    /// <summary>RFC 5681 §2: outstanding data, no data, no SYN or FIN, SEG.ACK = SND.UNA, same window.</summary>
    private bool IsDuplicateAck(in TcpHeader header, int payloadLength, uint window)
        => SndMax != SndUna
        && payloadLength == 0
        && (header.Flags & (TcpFlags.Syn | TcpFlags.Fin)) == 0
        && window == SndWnd;

    /// <summary>SND.UNA moved forward to <paramref name="ack"/>, acknowledging <paramref name="dataAcknowledged"/> bytes of data.</summary>
    private void OnNewDataAcknowledged(SequenceNumber ack, int dataAcknowledged, int flightBefore, TimeSpan now)
    {
        // Karn's algorithm (RFC 6298 §3): only a segment sent once gives an RTT sample; timing is
        // cancelled whenever something is retransmitted.
        TimeSpan? sample = null;
        if (_rttTiming && ack > _rttSequence)
        {
            _rttTiming = false;
            sample = now - _rttStart;
        }
        else if (TryGetTimestampRttSample(now, out var echoed))
        {
            // RFC 7323 §4.2: every ACK that advances SND.UNA, retransmitted data included. The
            // timed segment's sample is preferred when there is one (finer than 1 ms, as Linux).
            sample = echoed;
        }

        if (sample is { } rtt)
        {
            AddRttSample(rtt);
        }

        _retransmitCount = 0;
        _retransmitHeadPending &= SndUna < SndMax;

        // RFC 6298 §5.2, §5.3: stop the timer when everything is acknowledged, else restart it.
        if (SndUna == SndMax)
        {
            _retransmitDeadline = Never;
            _unackedSince = Never;
        }
        else
        {
            _unackedSince = now;
            ArmRetransmitTimer(now);
        }

        if (_sendingUrgent && SndUna >= SndUp)
        {
            _sendingUrgent = false;
        }

        OnAckAdvanced(ack, dataAcknowledged, flightBefore, sample, now);

        if (_sendBlocked && CanSend && _sendBuffer.Free > 0)
        {
            _sendBlocked = false;
            Raise(TcpEventKind.SendSpaceAvailable, now);
        }
    }

    /// <summary>The ACK of our SYN arrived (SYN-SENT to ESTABLISHED): sample the RTT, stop or restart the timer.</summary>
    private void OnSynAcknowledged(TimeSpan now)
    {
        if (SndNxt < SndUna)
        {
            SndNxt = SndUna;
        }

        if (_rttTiming && SndUna > _rttSequence)
        {
            _rttTiming = false;
            AddRttSample(now - _rttStart);
        }

        _retransmitCount = 0;
        _retransmitDeadline = SndUna == SndMax ? Never : _retransmitDeadline;
        _unackedSince = SndUna == SndMax ? Never : _unackedSince;
    }

    /// <summary>
    /// Bookkeeping for a segment that occupies sequence space starting at <paramref name="sequence"/>:
    /// RTT timing for first transmissions, the retransmission counter, and RFC 6298 §5.1 (start
    /// the timer if it is not running).
    /// </summary>
    private void OnSequenceSent(SequenceNumber sequence, bool retransmission, TimeSpan now)
    {
        if (retransmission)
        {
            _counters.SegmentsRetransmitted++;
            _rttTiming = false;
        }
        else if (!_rttTiming)
        {
            _rttTiming = true;
            _rttSequence = sequence;
            _rttStart = now;
        }

        if (_unackedSince == Never)
        {
            _unackedSince = now;
        }

        if (_retransmitDeadline == Never)
        {
            ArmRetransmitTimer(now);
        }
    }

    /// <summary>Starts the retransmission timer with the current RTO, never past the user timeout.</summary>
    private void ArmRetransmitTimer(TimeSpan now)
    {
        var deadline = now + RetransmissionTimeout;
        if (UserTimeout is { } userTimeout && _unackedSince != Never && _unackedSince + userTimeout < deadline)
        {
            deadline = Max(_unackedSince + userTimeout, now);
        }

        _retransmitDeadline = deadline;
    }

    /// <summary>SRTT, the smoothed round-trip time (RFC 6298); zero before the first sample.</summary>
    public TimeSpan SmoothedRoundTripTime => _rtt.SmoothedRtt;

    private TimeSpan CurrentRto => _rtt.CurrentRto;

    private void AddRttSample(TimeSpan sample) => _rtt.AddSample(sample);

    private void BackOffRto() => _rtt.Backoff();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
