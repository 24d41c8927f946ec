namespace SynAck.Tcp.Rtt;

/// <summary>
/// The round-trip time estimator and retransmission timeout of RFC 6298: SRTT, RTTVAR and
/// <c>RTO = SRTT + max(G, 4 * RTTVAR)</c>, clamped to the configured limits, with exponential
/// backoff.
/// </summary>
/// <remarks>
/// <para>
/// Karn's algorithm (RFC 6298 §3) is the caller's job: feed <see cref="AddSample"/> only with
/// samples from segments that were not retransmitted, because an ACK for a retransmitted
/// segment cannot say which transmission it answers. The exception is a sample taken from an
/// echoed timestamp (RFC 7323 §4), which is unambiguous and goes through the same method.
/// </para>
/// <para>
/// When the retransmission timer expires the caller calls <see cref="Backoff"/> (RFC 6298 §5.5);
/// the doubled value stays in force until the next valid sample recomputes the RTO (the note at
/// the end of RFC 6298 §5) or <see cref="ResetBackoff"/> is called.
/// </para>
/// </remarks>
public sealed class RttEstimator
{
    // RFC 6298 §2.3: alpha = 1/8, beta = 1/4, K = 4.
    private const int AlphaShift = 3;
    private const int BetaShift = 2;
    private const int K = 4;
    private const int MaxBackoffShift = 30;

    private long _srtt;
    private long _rttvar;
    private long _rto;

    /// <summary>Creates an estimator with <see cref="RtoSettings.Default"/>.</summary>
    public RttEstimator()
        : this(RtoSettings.Default)
    {
    }

    /// <summary>Creates an estimator with the given limits.</summary>
    /// <exception cref="ArgumentException">The settings are inconsistent (see <see cref="RtoSettings.Validate"/>).</exception>
    public RttEstimator(RtoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        Reset();
    }

    /// <summary>The limits in force.</summary>
    public RtoSettings Settings { get; }

    /// <summary>Whether at least one RTT sample has been taken.</summary>
    public bool HasSample { get; private set; }

    /// <summary>SRTT, the smoothed round-trip time; zero before the first sample.</summary>
    public TimeSpan SmoothedRtt => new(_srtt);

    /// <summary>RTTVAR, the round-trip time variation; zero before the first sample.</summary>
    public TimeSpan RttVariation => new(_rttvar);

    /// <summary>The latest sample; zero before the first.</summary>
    public TimeSpan LatestRtt { get; private set; }

    /// <summary>The smallest sample seen; zero before the first (for RACK, HyStart++ and the like).</summary>
    public TimeSpan MinRtt { get; private set; }

    /// <summary>How many times the timer has been backed off since the RTO was last computed or reset.</summary>
    public int BackoffCount { get; private set; }

    /// <summary>The RTO without backoff: the initial value, or the last one computed from samples.</summary>
    public TimeSpan BaseRto => new(_rto);

    /// <summary>The RTO to arm the retransmission timer with: <see cref="BaseRto"/> doubled per backoff, at most the maximum.</summary>
    public TimeSpan CurrentRto
    {
        get
        {
            var max = Settings.Maximum.Ticks;
            var shift = Math.Min(BackoffCount, MaxBackoffShift);
            return new TimeSpan(_rto > (max >> shift) ? max : _rto << shift);
        }
    }

    /// <summary>
    /// Folds one round-trip time measurement into SRTT and RTTVAR and recomputes the RTO
    /// (RFC 6298 §2.2 for the first sample, §2.3 after), which also ends any backoff.
    /// </summary>
    /// <param name="rtt">The measured round-trip time, from a segment that was not retransmitted or from an echoed timestamp.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rtt"/> is negative.</exception>
    public void AddSample(TimeSpan rtt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rtt, TimeSpan.Zero);
        var r = rtt.Ticks;
        if (!HasSample)
        {
            // RFC 6298 §2.2: SRTT <- R, RTTVAR <- R/2.
            _srtt = r;
            _rttvar = r / 2;
            MinRtt = rtt;
            HasSample = true;
        }
        else
        {
            // RFC 6298 §2.3: RTTVAR first, from the old SRTT; then SRTT.
            _rttvar = _rttvar - (_rttvar >> BetaShift) + (Math.Abs(_srtt - r) >> BetaShift);
            _srtt = _srtt - (_srtt >> AlphaShift) + (r >> AlphaShift);
            MinRtt = rtt < MinRtt ? rtt : MinRtt;
        }

        LatestRtt = rtt;
        // RFC 6298 §2.2/§2.3: RTO <- SRTT + max(G, K*RTTVAR); §2.4/§2.5: clamp to the limits.
        _rto = Clamp(_srtt + Math.Max(Settings.ClockGranularity.Ticks, K * _rttvar));
        BackoffCount = 0;
    }

    /// <summary>
    /// Doubles the RTO after the retransmission timer expired (RFC 6298 §5.5), never beyond the
    /// maximum (RFC 6298 §2.5).
    /// </summary>
    public void Backoff()
    {
        if (CurrentRto < Settings.Maximum)
        {
            BackoffCount++;
        }
    }

    /// <summary>Drops any backoff, so <see cref="CurrentRto"/> is <see cref="BaseRto"/> again.</summary>
    public void ResetBackoff() => BackoffCount = 0;

    /// <summary>
    /// For a connection whose SYN or SYN-ACK timed out: when data transmission begins without an
    /// RTT sample, the RTO becomes at least 3 s (RFC 6298 §5.7). Does nothing once a sample exists.
    /// </summary>
    public void ApplySynTimeoutFallback()
    {
        if (!HasSample)
        {
            _rto = Clamp(Math.Max(_rto, TimeSpan.FromSeconds(3).Ticks));
            BackoffCount = 0;
        }
    }

    /// <summary>Forgets every sample and backoff: the RTO is the initial one again (RFC 6298 §2.1).</summary>
    public void Reset()
    {
        _srtt = 0;
        _rttvar = 0;
        _rto = Settings.Initial.Ticks;
        LatestRtt = TimeSpan.Zero;
        MinRtt = TimeSpan.Zero;
        HasSample = false;
        BackoffCount = 0;
    }

    private long Clamp(long ticks) => Math.Clamp(ticks, Settings.Minimum.Ticks, Settings.Maximum.Ticks);
}
