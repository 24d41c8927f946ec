namespace SynAck.Tcp.Congestion;

/// <summary>
/// The congestion window of RFC 5681 (slow start and congestion avoidance) with appropriate byte
/// counting (RFC 3465, L = 2 * SMSS) and Linux's initial window of ten segments (RFC 6928), and
/// optionally HyStart++ (RFC 9406) in the initial slow start. Loss recovery itself is
/// <see cref="FastRecovery"/>.
/// </summary>
public sealed class NewReno : ICongestionControl
{
    /// <summary>The default initial window in segments, as Linux uses (TCP_INIT_CWND).</summary>
    public const int DefaultInitialWindowSegments = 10;

    // Keeps cwnd far from int overflow however long a connection grows it.
    private const int MaxWindow = int.MaxValue / 2;

    private readonly int _initialWindowSegments;
    private readonly HyStartPlusPlus? _hyStart;
    private int _bytesAckedInAvoidance;
    private bool _timedOutWithoutProgress;
    private int _priorCongestionWindow;
    private int _priorSlowStartThreshold;

    /// <summary>Creates the algorithm; call <see cref="Reset"/> once SMSS is known.</summary>
    /// <param name="initialWindowSegments">
    /// The initial window in segments. Linux uses ten segments whatever the MSS; RFC 6928 §2 also
    /// caps it at 14600 bytes when SMSS is above 1460, which this does not.
    /// </param>
    /// <param name="hyStart">Whether the initial slow start uses HyStart++ (RFC 9406). Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialWindowSegments"/> is below 1.</exception>
    public NewReno(int initialWindowSegments = DefaultInitialWindowSegments, bool hyStart = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialWindowSegments, 1);
        _initialWindowSegments = initialWindowSegments;
        _hyStart = hyStart ? new HyStartPlusPlus() : null;
        Reset(536);
    }

    /// <inheritdoc/>
    /// <remarks>"newreno"; Linux calls the same algorithm "reno".</remarks>
    public string Name => "newreno";

    /// <inheritdoc/>
    public int MaxSegmentSize { get; private set; }

    /// <inheritdoc/>
    public int CongestionWindow { get; private set; }

    /// <inheritdoc/>
    public int SlowStartThreshold { get; private set; }

    /// <inheritdoc/>
    public bool InSlowStart => CongestionWindow < SlowStartThreshold;

    /// <summary>HyStart++'s phase in the initial slow start; <see cref="HyStartPhase.Finished"/> when HyStart++ is off or over.</summary>
    public HyStartPhase HyStartPhase => _hyStart?.Phase ?? HyStartPhase.Finished;

    /// <summary>The initial window for the current SMSS, in bytes.</summary>
    public int InitialWindow => (int)Math.Min((long)_initialWindowSegments * MaxSegmentSize, MaxWindow);

    /// <inheritdoc/>
    public void Reset(int maxSegmentSize, bool handshakeRetransmitted = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegmentSize, 1);
        MaxSegmentSize = maxSegmentSize;
        // RFC 5681 §3.1 / RFC 6928 §2: one segment when the SYN or SYN-ACK was lost.
        CongestionWindow = handshakeRetransmitted ? maxSegmentSize : InitialWindow;
        SlowStartThreshold = int.MaxValue;
        _bytesAckedInAvoidance = 0;
        _timedOutWithoutProgress = false;
        _priorCongestionWindow = 0;
        _hyStart?.Reset();
    }

    /// <inheritdoc/>
    public void OnAck(in NewAck ack)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ack.BytesAcked);
        if (ack.BytesAcked == 0)
        {
            return;
        }

        _timedOutWithoutProgress = false;
        if (ack.ApplicationLimited)
        {
            // RFC 7661 §4.1: the window grows only while it is what limits sending.
            return;
        }

        var bytesAcked = ack.BytesAcked;
        if (InSlowStart)
        {
            // RFC 5681 §3.1 equation 2 with RFC 3465 §2.2: cwnd += min(N, L * SMSS), L = 2; or
            // HyStart++ (RFC 9406) in the initial slow start, while ssthresh is arbitrarily high.
            var enterAvoidance = false;
            var increase = _hyStart is not null && _hyStart.Phase != HyStartPhase.Finished && SlowStartThreshold == int.MaxValue
                ? _hyStart.OnAck(ack, MaxSegmentSize, out enterAvoidance)
                : Math.Min(bytesAcked, 2 * MaxSegmentSize);
            var room = SlowStartThreshold - CongestionWindow;
            if (increase <= room)
            {
                CongestionWindow = Math.Min(CongestionWindow + increase, MaxWindow);
                if (enterAvoidance)
                {
                    SlowStartThreshold = CongestionWindow;
                }

                return;
            }

            // Slow start ends at ssthresh; the rest of the ACK counts towards congestion avoidance.
            CongestionWindow = SlowStartThreshold;
            bytesAcked = increase - room;
        }

        // RFC 5681 §3.1 / RFC 3465 §2.1: one SMSS per cwnd of bytes acknowledged, about one SMSS per RTT.
        _bytesAckedInAvoidance += bytesAcked;
        if (_bytesAckedInAvoidance >= CongestionWindow)
        {
            _bytesAckedInAvoidance -= CongestionWindow;
            CongestionWindow = Math.Min(CongestionWindow + MaxSegmentSize, MaxWindow);
        }
    }

    /// <inheritdoc/>
    /// <remarks>An ECN-Echo reduces the window as a loss does (RFC 3168 §6.1.2).</remarks>
    public void OnCongestionEvent(int bytesInFlight, TimeSpan now, CongestionSignal signal = CongestionSignal.Loss)
    {
        SavePriorWindow();
        SlowStartThreshold = LossThreshold(bytesInFlight);
        CongestionWindow = SlowStartThreshold;
        _bytesAckedInAvoidance = 0;
        _hyStart?.Finish();
    }

    /// <inheritdoc/>
    public bool UndoCongestionEvent()
    {
        if (_priorCongestionWindow == 0 || CongestionWindow >= _priorCongestionWindow)
        {
            _priorCongestionWindow = 0;
            return false;
        }

        CongestionWindow = _priorCongestionWindow;
        SlowStartThreshold = _priorSlowStartThreshold;
        _priorCongestionWindow = 0;
        _bytesAckedInAvoidance = 0;
        return true;
    }

    /// <inheritdoc/>
    public void OnRetransmissionTimeout(int bytesInFlight)
    {
        // RFC 5681 §3.1: ssthresh from equation 4 only for the first timeout of a segment; when
        // the timer fires again before any ACK advances, the segment is being resent again and
        // ssthresh is held constant.
        if (!_timedOutWithoutProgress)
        {
            SavePriorWindow();
            SlowStartThreshold = LossThreshold(bytesInFlight);
            _timedOutWithoutProgress = true;
        }

        // RFC 5681 §3.1: cwnd = LW, one full-sized segment.
        CongestionWindow = MaxSegmentSize;
        _bytesAckedInAvoidance = 0;
        _hyStart?.Finish();
    }

    /// <inheritdoc/>
    public void SetCongestionWindow(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        CongestionWindow = Math.Min(bytes, MaxWindow);
    }

    /// <inheritdoc/>
    public void OnIdleRestart(TimeSpan idle, TimeSpan retransmissionTimeout)
    {
        if (idle <= retransmissionTimeout)
        {
            return;
        }

        // Remember three quarters of the old window so slow start climbs back quickly, as Linux
        // does (tcp_cwnd_restart); then RFC 5681 §4.1: cwnd = RW = min(IW, cwnd).
        SlowStartThreshold = Math.Max(SlowStartThreshold, (int)((CongestionWindow * 3L) / 4));
        CongestionWindow = Math.Min(InitialWindow, CongestionWindow);
        _bytesAckedInAvoidance = 0;
        _hyStart?.Finish();
    }

    private void SavePriorWindow()
    {
        _priorCongestionWindow = CongestionWindow;
        _priorSlowStartThreshold = SlowStartThreshold;
    }

    // RFC 5681 §3.1 equation 4: ssthresh = max(FlightSize / 2, 2 * SMSS).
    private int LossThreshold(int bytesInFlight) => Math.Max(bytesInFlight / 2, 2 * MaxSegmentSize);
}
