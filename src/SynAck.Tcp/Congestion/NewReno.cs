namespace SynAck.Tcp.Congestion;

/// <summary>
/// The congestion window of RFC 5681 (slow start and congestion avoidance) with appropriate byte
/// counting (RFC 3465, L = 2 * SMSS) and Linux's initial window of ten segments (RFC 6928), and
/// optionally HyStart++ (RFC 9406) in the initial slow start. Loss recovery itself is
/// <see cref="FastRecovery"/>.
/// </summary>
public sealed class NewReno : WindowCongestionControl
{
    /// <summary>The default initial window in segments, as Linux uses (TCP_INIT_CWND).</summary>
    public const int DefaultInitialWindowSegments = 10;

    private int _bytesAckedInAvoidance;
    private bool _timedOutWithoutProgress;
    private int _priorCongestionWindow;
    private int _priorSlowStartThreshold;

    /// <summary>Creates the algorithm; call <see cref="WindowCongestionControl.Reset"/> once SMSS is known.</summary>
    /// <param name="initialWindowSegments">
    /// The initial window in segments. Linux uses ten segments whatever the MSS; RFC 6928 §2 also
    /// caps it at 14600 bytes when SMSS is above 1460, which this does not.
    /// </param>
    /// <param name="hyStart">Whether the initial slow start uses HyStart++ (RFC 9406). Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialWindowSegments"/> is below 1.</exception>
    public NewReno(int initialWindowSegments = DefaultInitialWindowSegments, bool hyStart = false)
        : base(initialWindowSegments, hyStart) => Reset(536);

    /// <inheritdoc/>
    /// <remarks>"newreno"; Linux calls the same algorithm "reno".</remarks>
    public override string Name => "newreno";

    /// <inheritdoc/>
    public override void OnAck(in NewAck ack)
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
            var increase = SlowStartIncrease(ack, out var enterAvoidance);
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
    public override void OnCongestionEvent(int bytesInFlight, TimeSpan now, CongestionSignal signal = CongestionSignal.Loss)
    {
        SavePriorWindow();
        SlowStartThreshold = LossThreshold(bytesInFlight);
        CongestionWindow = SlowStartThreshold;
        _bytesAckedInAvoidance = 0;
        HyStart?.Finish();
    }

    /// <inheritdoc/>
    public override bool UndoCongestionEvent()
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
    public override void OnRetransmissionTimeout(int bytesInFlight)
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
        HyStart?.Finish();
    }

    /// <inheritdoc/>
    public override void OnIdleRestart(TimeSpan idle, TimeSpan retransmissionTimeout)
    {
        if (idle <= retransmissionTimeout)
        {
            return;
        }

        RestartWindowAfterIdle();
        _bytesAckedInAvoidance = 0;
    }

    private protected override void ResetAlgorithm()
    {
        _bytesAckedInAvoidance = 0;
        _timedOutWithoutProgress = false;
        _priorCongestionWindow = 0;
    }

    private void SavePriorWindow()
    {
        _priorCongestionWindow = CongestionWindow;
        _priorSlowStartThreshold = SlowStartThreshold;
    }

    // RFC 5681 §3.1 equation 4: ssthresh = max(FlightSize / 2, 2 * SMSS).
    private int LossThreshold(int bytesInFlight) => Math.Max(bytesInFlight / 2, 2 * MaxSegmentSize);
}
