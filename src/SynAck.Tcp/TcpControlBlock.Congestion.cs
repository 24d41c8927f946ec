using SynAck.Tcp.Congestion;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// Congestion control and loss detection/recovery. Every decision the state machine takes about
// loss goes through the four methods below (ACK advanced, duplicate ACK, retransmission timeout,
// head retransmission), so SACK-based recovery and RACK-TLP (issue 6) replace their bodies
// without touching the segment processing.
public sealed partial class TcpControlBlock
{
    private readonly ICongestionControl _congestion;
    private readonly FastRecovery _recovery;
    private bool _retransmitHeadPending;
    private bool _tlpForcesNewData;
    private bool _cwndLimited;
    private int _limitedTransmitSegments;
    private TimeSpan _lastDataSent = TimeSpan.MinValue;

    /// <summary>cwnd in bytes (RFC 5681); meaningful from ESTABLISHED on.</summary>
    public int CongestionWindow => _congestion.CongestionWindow;

    /// <summary>ssthresh in bytes (RFC 5681); <see cref="int.MaxValue"/> until the first loss.</summary>
    public int SlowStartThreshold => _congestion.SlowStartThreshold;

    /// <summary>The congestion control algorithm's name ("cubic", "newreno").</summary>
    public string CongestionControlName => _congestion.Name;

    /// <summary>Whether NewReno fast recovery (RFC 6582) is in progress.</summary>
    public bool InFastRecovery => _recovery.InRecovery || _sackRecovery;

    /// <summary>FlightSize (RFC 5681 §2): data sent and not yet cumulatively acknowledged.</summary>
    private int FlightSize => SndMax - SndUna;

    /// <summary>On ESTABLISHED: the initial window for the effective send MSS (RFC 5681 §3.1, RFC 6928), recovery from the ISS.</summary>
    private void InitializeCongestionControl(TimeSpan now)
    {
        _congestion.Reset(EffectiveSendMss, handshakeRetransmitted: _counters.SegmentsRetransmitted > 0);
        _recovery.Reset(Iss);
        _sackRecoveryPoint = Iss;
        _lastDataSent = now;
    }

    /// <summary>An ACK moved SND.UNA forward by <paramref name="dataAcknowledged"/> bytes of data; <paramref name="flightBefore"/> was FlightSize before it.</summary>
    private void OnAckAdvanced(SequenceNumber ack, int dataAcknowledged, int flightBefore, TimeSpan? rttSample, TimeSpan now)
    {
        _limitedTransmitSegments = 0;
        if (UseScoreboard)
        {
            // SACK recovery (RFC 6675) keeps cwnd at ssthresh until it ends; the window grows
            // otherwise, slow start included after a timeout.
            if (!_sackRecovery)
            {
                _congestion.OnAck(NewAckFor(ack, dataAcknowledged, flightBefore, rttSample, now));
            }

            return;
        }

        switch (_recovery.OnAckAdvanced(ack, dataAcknowledged, FlightSize))
        {
            case RecoveryAckResult.NotInRecovery:
                // RFC 5681 §3.1: slow start or congestion avoidance, but only while cwnd is what
                // limits sending (RFC 7661 §4.1; Linux tcp_is_cwnd_limited, which in slow start
                // also lets cwnd reach twice the flight). The algorithm sees every ACK (HyStart++
                // counts rounds, CUBIC leaves application-limited time out of t) and does not grow
                // cwnd when it was not the limit.
                _congestion.OnAck(NewAckFor(ack, dataAcknowledged, flightBefore, rttSample, now));
                break;
            case RecoveryAckResult.PartialAck:
                // RFC 6582 §3.2 step 3: retransmit the first unacknowledged segment (the timer was
                // restarted when SND.UNA moved).
                _retransmitHeadPending = true;
                break;
            default:
                break;
        }
    }

    /// <summary>What congestion control hears of an ACK that advanced SND.UNA; cwnd was not the limit unless <see cref="NoteSendLimit"/> said so (or slow start may reach twice the flight).</summary>
    private NewAck NewAckFor(SequenceNumber ack, int dataAcknowledged, int flightBefore, TimeSpan? rttSample, TimeSpan now) => new()
    {
        BytesAcked = dataAcknowledged,
        BytesInFlight = flightBefore,
        Now = now,
        RttSample = rttSample,
        SmoothedRtt = _rtt.SmoothedRtt,
        SndUna = ack,
        SndNxt = SndMax,
        ApplicationLimited = !_cwndLimited && !(_congestion.InSlowStart && _congestion.CongestionWindow < 2L * flightBefore),
    };

    /// <summary>A duplicate ACK (RFC 5681 §2): limited transmit, fast retransmit, or window inflation.</summary>
    private void OnDuplicateAck(TimeSpan now)
    {
        var alreadyReduced = InWindowReduction;
        switch (_recovery.OnDuplicateAck(SndUna, SndMax, FlightSize, now, alreadyReduced))
        {
            case DuplicateAckAction.LimitedTransmit:
                // RFC 3042: one new segment per duplicate ACK, outside cwnd.
                _limitedTransmitSegments++;
                break;
            case DuplicateAckAction.FastRetransmit:
                // RFC 5681 §3.2 step 2: retransmit the lost segment now.
                _retransmitHeadPending = true;
                OnLossWindowReduction(!alreadyReduced);
                break;
            default:
                break;
        }
    }

    /// <summary>The retransmission timer expired on data: the loss window (RFC 5681 §3.1) and RFC 6582's recover.</summary>
    private void OnRetransmissionTimeoutCongestion(TimeSpan now)
    {
        _ = now;
        _congestion.OnRetransmissionTimeout(FlightSize);
        _recovery.OnRetransmissionTimeout(SndMax);
        OnLossWindowReduction(reduced: true);
        _limitedTransmitSegments = 0;
        if (UseScoreboard)
        {
            OnSackRetransmissionTimeout();
        }
    }

    /// <summary>
    /// The usable window for data at SND.NXT: min(SND.WND, cwnd) less what is in flight, plus a
    /// segment of new data per limited-transmit credit (RFC 3042: FlightSize at most cwnd + 2 SMSS).
    /// </summary>
    private long UsableWindow(bool newData)
    {
        var inFlight = (long)(SndNxt - SndUna);
        if (UseScoreboard)
        {
            // RFC 6675 §5: with SACK, cwnd limits pipe (not FlightSize); the peer's window still
            // counts from SND.UNA. A tail loss probe goes whatever cwnd says (RFC 8985 §7.3).
            var byPeer = (long)SndWnd - inFlight;
            var byCongestion = _tlpForcesNewData ? EffectiveSendMss : _congestion.CongestionWindow - _scoreboard.Pipe;
            return Math.Min(byPeer, byCongestion);
        }

        var usable = Math.Min(SndWnd, (uint)Math.Max(_congestion.CongestionWindow, 0)) - inFlight;
        if (newData && _limitedTransmitSegments > 0 && usable < EffectiveSendMss
            && inFlight + EffectiveSendMss <= (long)_congestion.CongestionWindow + (2L * EffectiveSendMss))
        {
            usable = Math.Min((long)SndWnd - inFlight, EffectiveSendMss);
        }

        return usable;
    }

    /// <summary>
    /// Records why sending of new data stopped: whether the congestion window, rather than the
    /// peer's window or the application, held back data that was ready.
    /// </summary>
    private void NoteSendLimit(long unsent, long inFlight)
    {
        var byCongestion = _congestion.CongestionWindow - inFlight;
        var byPeer = (long)SndWnd - inFlight;
        _cwndLimited = unsent > 0 && byCongestion < Math.Min(byPeer, unsent) && byCongestion < EffectiveSendMss;
    }

    /// <summary>Data is about to go out: after an idle period longer than the RTO, restart from the restart window (RFC 5681 §4.1).</summary>
    private void OnSendingData(int length, bool newData, TimeSpan now)
    {
        if (SndMax == SndUna && _lastDataSent != TimeSpan.MinValue)
        {
            _congestion.OnIdleRestart(now - _lastDataSent, CurrentRto);
        }

        if (newData && length > 0 && _limitedTransmitSegments > 0 && (SndNxt - SndUna) + length > _congestion.CongestionWindow)
        {
            _limitedTransmitSegments--;
        }

        _lastDataSent = now;
    }

    /// <summary>Sends the segment at SND.UNA again without moving SND.NXT (fast retransmit, NewReno partial ACK).</summary>
    private bool TryBuildHeadRetransmission(TimeSpan now, Span<byte> payloadDestination, out TcpHeader header, out int payloadLength)
    {
        _retransmitHeadPending = false;
        header = default;
        payloadLength = 0;
        if (SndUna == SndMax)
        {
            return false;
        }

        var available = Math.Max(0, SequenceNumber.Min(SndMax, SendDataEnd) - SndUna);
        var length = Math.Min(Math.Min(available, SegmentCapacity), payloadDestination.Length);
        var fin = _finQueued && SndMax > _finSequence && SndUna + length == _finSequence;
        if (length == 0 && !fin)
        {
            return false;
        }

        if (length > 0)
        {
            _sendBuffer.CopyTo(SndUna - _sendDataStart, payloadDestination[..length]);
        }

        var flags = TcpFlags.Ack;
        if (length > 0 && SndUna + length == SendDataEnd)
        {
            flags |= TcpFlags.Psh;
        }

        if (fin)
        {
            flags |= TcpFlags.Fin;
        }

        header = WithSackBlocks(WithUrgent(NewHeader(SndUna, RcvNxt, flags, WindowToAdvertise())));
        payloadLength = length;
        _counters.FastRetransmits++;
        OnSendingData(length, newData: false, now);
        OnSequenceSent(SndUna, retransmission: true, now);
        CountSent(flags);
        OnAckSent();
        return true;
    }
}
