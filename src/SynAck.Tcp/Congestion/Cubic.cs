namespace SynAck.Tcp.Congestion;

/// <summary>
/// CUBIC (RFC 9438) with HyStart++ (RFC 9406) in the initial slow start, as Linux runs it by
/// default: β = 0.7, C = 0.4, fast convergence and the Reno-friendly region on. Loss recovery
/// itself is <see cref="FastRecovery"/>.
/// </summary>
/// <remarks>
/// <para>
/// cwnd and ssthresh are whole bytes; the cubic function is evaluated in double precision with
/// windows in segments (as the RFC writes it, C in segments per second cubed) and time in seconds,
/// because K needs a cube root and the work is per ACK, not per byte. IEEE doubles give the same
/// result on every run, so behaviour stays deterministic; fractions of a byte of growth are
/// carried from one ACK to the next.
/// </para>
/// <para>
/// Time comes only from <see cref="NewAck.Now"/>. The epoch (t = 0) starts with the first ACK of
/// each congestion avoidance stage (RFC 9438 §4.2). Time during which cwnd was not what limited
/// sending is left out of t (RFC 9438 §5.8): the span up to each application-limited ACK, and an
/// idle period reported through <see cref="OnIdleRestart"/>, move the epoch forward.
/// </para>
/// </remarks>
public sealed partial class Cubic : WindowCongestionControl
{
    /// <summary>β_cubic, the multiplicative decrease factor (RFC 9438 §4.6).</summary>
    public const double Beta = 0.7;

    /// <summary>C, the scaling constant of the cubic function in segments per second cubed (RFC 9438 §5).</summary>
    public const double C = 0.4;

    private readonly bool _fastConvergence;
    private CubicEpoch _epoch;
    private bool _timedOutWithoutProgress;
    private bool _hasPrior;
    private CubicSnapshot _prior;

    /// <summary>Creates the algorithm; call <see cref="WindowCongestionControl.Reset"/> once SMSS is known.</summary>
    /// <param name="initialWindowSegments">The initial window in segments (Linux: ten, RFC 6928).</param>
    /// <param name="hyStart">Whether the initial slow start uses HyStart++ (RFC 9406). Default true.</param>
    /// <param name="fastConvergence">Whether W_max is lowered further when a flow's window shrinks (RFC 9438 §4.7). Default true.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialWindowSegments"/> is below 1.</exception>
    public Cubic(int initialWindowSegments = NewReno.DefaultInitialWindowSegments, bool hyStart = true, bool fastConvergence = true)
        : base(initialWindowSegments, hyStart)
    {
        _fastConvergence = fastConvergence;
        Reset(536);
    }

    /// <inheritdoc/>
    public override string Name => "cubic";

    /// <summary>W_max in segments: the window before the last reduction, as fast convergence left it (RFC 9438 §4.7).</summary>
    public double MaxWindowSegments => _epoch.WindowMax;

    /// <summary>K (RFC 9438 §4.2 equation 2): how long the current epoch takes to grow back to W_max.</summary>
    public TimeSpan TimeToMaxWindow => TimeSpan.FromSeconds(_epoch.K);

    /// <summary>W_est in segments: the window Reno would have reached in this epoch (RFC 9438 §4.3).</summary>
    public double RenoWindowSegments => _epoch.RenoWindow;

    /// <summary>When the current congestion avoidance epoch began (t = 0), shifted by time not limited by cwnd; null outside one.</summary>
    public TimeSpan? EpochStart => _epoch.Start;

    /// <inheritdoc/>
    public override void OnAck(in NewAck ack)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ack.BytesAcked);
        if (ack.BytesAcked == 0)
        {
            return;
        }

        _timedOutWithoutProgress = false;
        var bytesAcked = ack.BytesAcked;
        if (InSlowStart)
        {
            bytesAcked = SlowStart(ack);
            if (bytesAcked == 0)
            {
                return;
            }
        }

        CongestionAvoidance(ack, bytesAcked);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// RFC 9438 §4.6-4.7: W_max is cwnd (or less, by fast convergence), ssthresh is β·cwnd (cwnd,
    /// not FlightSize, as Linux and the RFC's figure do, so an application-limited flow is not cut
    /// further), and cwnd falls to ssthresh, at least 2 SMSS after a loss and 1 SMSS after an ECN-Echo.
    /// </remarks>
    public override void OnCongestionEvent(int bytesInFlight, TimeSpan now, CongestionSignal signal = CongestionSignal.Loss)
    {
        SavePrior();
        var window = (double)CongestionWindow / MaxSegmentSize;
        // RFC 9438 §4.7: with fast convergence, a window that shrank since the last event releases bandwidth.
        _epoch.WindowMax = _fastConvergence && window < _epoch.WindowMax ? window * (1 + Beta) / 2 : window;
        _epoch.PriorWindow = window;
        var reduced = (int)(CongestionWindow * Beta);
        var floor = signal == CongestionSignal.EcnEcho ? MaxSegmentSize : 2 * MaxSegmentSize;
        SlowStartThreshold = Math.Max(reduced, floor);
        CongestionWindow = SlowStartThreshold;
        EndEpoch();
        HyStart?.Finish();
    }

    /// <inheritdoc/>
    /// <remarks>RFC 9438 §4.9: cwnd, ssthresh, W_max, K, W_est and the epoch return to what they were before the event.</remarks>
    public override bool UndoCongestionEvent()
    {
        if (!_hasPrior)
        {
            return false;
        }

        _hasPrior = false;
        if (CongestionWindow >= _prior.CongestionWindow)
        {
            return false;
        }

        CongestionWindow = _prior.CongestionWindow;
        SlowStartThreshold = _prior.SlowStartThreshold;
        _epoch = _prior.Epoch;
        _timedOutWithoutProgress = false;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// RFC 9438 §4.8: ssthresh as for a loss (β·cwnd), cwnd one segment as in RFC 5681; the first
    /// congestion avoidance stage afterwards starts with K = 0 and W_max = cwnd at its start.
    /// </remarks>
    public override void OnRetransmissionTimeout(int bytesInFlight)
    {
        if (!_timedOutWithoutProgress)
        {
            SavePrior();
            _epoch.PriorWindow = (double)CongestionWindow / MaxSegmentSize;
            SlowStartThreshold = Math.Max((int)(CongestionWindow * Beta), 2 * MaxSegmentSize);
            _timedOutWithoutProgress = true;
        }

        _epoch.WindowMax = 0;
        CongestionWindow = MaxSegmentSize;
        EndEpoch();
        HyStart?.Finish();
    }

    /// <inheritdoc/>
    public override void OnIdleRestart(TimeSpan idle, TimeSpan retransmissionTimeout)
    {
        // RFC 9438 §5.8: time without sending is not time the window was tested at; Linux likewise
        // moves the epoch forward by the idle time.
        if (_epoch.Start is { } start && idle > TimeSpan.Zero)
        {
            _epoch.Start = start + idle;
        }

        if (idle <= retransmissionTimeout)
        {
            return;
        }

        // As NewReno; the next congestion avoidance stage is a new epoch.
        RestartWindowAfterIdle();
        EndEpoch();
    }

    /// <summary>Slow start for one ACK; returns the acknowledged bytes left over for congestion avoidance (usually none).</summary>
    private int SlowStart(in NewAck ack)
    {
        var increase = SlowStartIncrease(ack, out var enterAvoidance);
        if (ack.ApplicationLimited)
        {
            // RFC 7661 §4.1: the window grows only while it is what limits sending.
            increase = 0;
        }

        var room = SlowStartThreshold - CongestionWindow;
        if (increase < room)
        {
            CongestionWindow = Math.Min(CongestionWindow + increase, MaxWindow);
            if (enterAvoidance)
            {
                // RFC 9406 §4.2: after CSS_ROUNDS rounds of CSS, ssthresh = cwnd.
                SlowStartThreshold = CongestionWindow;
            }

            return 0;
        }

        // Slow start ends at ssthresh; the rest of the ACK counts towards congestion avoidance.
        CongestionWindow = SlowStartThreshold;
        HyStart?.Finish();
        return Math.Max(increase - room, 0);
    }

    private protected override void ResetAlgorithm()
    {
        _epoch = default;
        _timedOutWithoutProgress = false;
        _hasPrior = false;
    }

    private void SavePrior()
    {
        _prior = new CubicSnapshot(CongestionWindow, SlowStartThreshold, _epoch);
        _hasPrior = true;
    }

    private void EndEpoch()
    {
        _epoch.Start = null;
        _epoch.GrowthRemainder = 0;
    }

    /// <summary>What undo (RFC 9438 §4.9) restores.</summary>
    private readonly record struct CubicSnapshot(int CongestionWindow, int SlowStartThreshold, CubicEpoch Epoch);
}
