namespace SynAck.Tcp.Congestion;

/// <summary>
/// The congestion window state and the RFC 5681 rules that <see cref="NewReno"/> and
/// <see cref="Cubic"/> share: cwnd and ssthresh in bytes, the initial window (RFC 6928), slow
/// start's increase (RFC 3465 §2.2, or HyStart++ per RFC 9406 in the initial slow start), and
/// the restart after idle. Each algorithm adds its own growth, reduction and undo.
/// </summary>
public abstract class WindowCongestionControl : ICongestionControl
{
    // Keeps cwnd far from int overflow however long a connection grows it.
    private protected const int MaxWindow = int.MaxValue / 2;

    // RFC 3465 §2.2 L for slow start outside HyStart++.
    private const int SlowStartAckLimitSegments = 2;

    private readonly int _initialWindowSegments;

    private protected WindowCongestionControl(int initialWindowSegments, bool hyStart)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialWindowSegments, 1);
        _initialWindowSegments = initialWindowSegments;
        HyStart = hyStart ? new HyStartPlusPlus() : null;
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public int MaxSegmentSize { get; private set; }

    /// <inheritdoc/>
    public int CongestionWindow { get; private protected set; }

    /// <inheritdoc/>
    public int SlowStartThreshold { get; private protected set; }

    /// <inheritdoc/>
    public bool InSlowStart => CongestionWindow < SlowStartThreshold;

    /// <summary>The initial window for the current SMSS, in bytes.</summary>
    public int InitialWindow => (int)Math.Min((long)_initialWindowSegments * MaxSegmentSize, MaxWindow);

    /// <summary>HyStart++'s phase in the initial slow start; <see cref="HyStartPhase.Finished"/> when HyStart++ is off or over.</summary>
    public HyStartPhase HyStartPhase => HyStart?.Phase ?? HyStartPhase.Finished;

    /// <summary>HyStart++ for the initial slow start; null when it is off.</summary>
    private protected HyStartPlusPlus? HyStart { get; }

    /// <inheritdoc/>
    public void Reset(int maxSegmentSize, bool handshakeRetransmitted = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegmentSize, 1);
        MaxSegmentSize = maxSegmentSize;
        // RFC 5681 §3.1 / RFC 6928 §2: one segment when the SYN or SYN-ACK was lost.
        CongestionWindow = handshakeRetransmitted ? maxSegmentSize : InitialWindow;
        SlowStartThreshold = int.MaxValue;
        ResetAlgorithm();
        HyStart?.Reset();
    }

    /// <inheritdoc/>
    public abstract void OnAck(in NewAck ack);

    /// <inheritdoc/>
    public abstract void OnCongestionEvent(int bytesInFlight, TimeSpan now, CongestionSignal signal = CongestionSignal.Loss);

    /// <inheritdoc/>
    public abstract bool UndoCongestionEvent();

    /// <inheritdoc/>
    public abstract void OnRetransmissionTimeout(int bytesInFlight);

    /// <inheritdoc/>
    public void SetCongestionWindow(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        CongestionWindow = Math.Min(bytes, MaxWindow);
    }

    /// <inheritdoc/>
    public abstract void OnIdleRestart(TimeSpan idle, TimeSpan retransmissionTimeout);

    /// <summary>Clears the algorithm's own state when the connection (re)starts.</summary>
    private protected abstract void ResetAlgorithm();

    /// <summary>
    /// How much slow start would grow cwnd for this ACK: HyStart++ (RFC 9406 §4.3) in the initial slow
    /// start, while ssthresh is still arbitrarily high; otherwise RFC 5681 §3.1 equation 2 with
    /// RFC 3465 §2.2, min(N, L * SMSS) with L = 2.
    /// </summary>
    /// <param name="ack">The ACK.</param>
    /// <param name="enterAvoidance">Whether HyStart++ ends slow start here (RFC 9406 §4.2: ssthresh = cwnd after the increase).</param>
    /// <returns>The increase in bytes.</returns>
    private protected int SlowStartIncrease(in NewAck ack, out bool enterAvoidance)
    {
        if (HyStart is not null && HyStart.Phase != HyStartPhase.Finished && SlowStartThreshold == int.MaxValue)
        {
            return HyStart.OnAck(ack, MaxSegmentSize, out enterAvoidance);
        }

        enterAvoidance = false;
        return Math.Min(ack.BytesAcked, SlowStartAckLimitSegments * MaxSegmentSize);
    }

    /// <summary>
    /// The window after an idle period longer than the RTO: ssthresh keeps three quarters of the
    /// old window so slow start climbs back quickly, as Linux does (tcp_cwnd_restart); then
    /// RFC 5681 §4.1 cwnd = RW = min(IW, cwnd). HyStart++ is over.
    /// </summary>
    private protected void RestartWindowAfterIdle()
    {
        SlowStartThreshold = Math.Max(SlowStartThreshold, (int)((CongestionWindow * 3L) / 4));
        CongestionWindow = Math.Min(InitialWindow, CongestionWindow);
        HyStart?.Finish();
    }
}
