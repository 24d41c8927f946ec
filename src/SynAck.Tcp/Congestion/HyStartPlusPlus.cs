using SynAck.Wire;

namespace SynAck.Tcp.Congestion;

/// <summary>
/// HyStart++ (RFC 9406): slow start that watches the minimum RTT of each round and, when it rises
/// by a threshold, switches to conservative slow start (CSS, a quarter of the growth) for up to
/// <see cref="CssRounds"/> rounds before congestion avoidance; if the RTT falls back during CSS,
/// slow start resumes. A congestion control algorithm owns one and asks it, on each ACK of its
/// initial slow start, how much cwnd grows and whether slow start ends.
/// </summary>
/// <remarks>
/// A round (RFC 9406 §4.2) ends when SND.UNA reaches the SND.NXT recorded when the round began.
/// The first ACK starts the first round, so the first round measured is the one that ACK belongs to.
/// </remarks>
public sealed class HyStartPlusPlus
{
    /// <summary>RFC 9406 §4.3 MIN_RTT_THRESH: the smallest RTT increase that ends slow start.</summary>
    public static readonly TimeSpan MinRttThreshold = TimeSpan.FromMilliseconds(4);

    /// <summary>RFC 9406 §4.3 MAX_RTT_THRESH: the largest RTT increase needed to end slow start.</summary>
    public static readonly TimeSpan MaxRttThreshold = TimeSpan.FromMilliseconds(16);

    /// <summary>RFC 9406 §4.3 MIN_RTT_DIVISOR: the threshold is the last round's minimum RTT over this.</summary>
    public const int MinRttDivisor = 8;

    /// <summary>RFC 9406 §4.3 N_RTT_SAMPLE: RTT samples a round needs before its minimum is compared.</summary>
    public const int RttSamplesPerRound = 8;

    /// <summary>RFC 9406 §4.3 CSS_GROWTH_DIVISOR: CSS grows cwnd by a quarter of what slow start would.</summary>
    public const int CssGrowthDivisor = 4;

    /// <summary>RFC 9406 §4.3 CSS_ROUNDS: rounds of CSS (a partial first round included) before congestion avoidance.</summary>
    public const int CssRounds = 5;

    /// <summary>RFC 9406 §4.3 L for a sender that does not pace: at most this many SMSS of one ACK count.</summary>
    public const int AckLimitSegments = 8;

    private TimeSpan _lastRoundMinRtt;
    private TimeSpan _currentRoundMinRtt;
    private TimeSpan _cssBaselineMinRtt;
    private int _rttSampleCount;
    private int _cssRoundsStarted;
    private SequenceNumber _windowEnd;
    private bool _roundStarted;

    /// <summary>Creates the state for a connection's initial slow start.</summary>
    public HyStartPlusPlus() => Reset();

    /// <summary>Where the initial slow start stands.</summary>
    public HyStartPhase Phase { get; private set; }

    /// <summary>The minimum RTT of the last completed round; <see cref="TimeSpan.MaxValue"/> (infinity) before one.</summary>
    public TimeSpan LastRoundMinRtt => _lastRoundMinRtt;

    /// <summary>Back to the start of slow start: no rounds, every minimum RTT infinite.</summary>
    public void Reset()
    {
        Phase = HyStartPhase.SlowStart;
        _lastRoundMinRtt = TimeSpan.MaxValue;
        _currentRoundMinRtt = TimeSpan.MaxValue;
        _cssBaselineMinRtt = TimeSpan.MaxValue;
        _rttSampleCount = 0;
        _cssRoundsStarted = 0;
        _windowEnd = default;
        _roundStarted = false;
    }

    /// <summary>Slow start ended for another reason (a loss, an ECN-Echo, a timeout, ssthresh reached).</summary>
    public void Finish() => Phase = HyStartPhase.Finished;

    /// <summary>
    /// An ACK of new data during the initial slow start: records its RTT sample and the round it
    /// ends, moves between slow start and CSS, and says how much cwnd may grow.
    /// </summary>
    /// <param name="ack">The ACK.</param>
    /// <param name="maxSegmentSize">SMSS in bytes.</param>
    /// <param name="enterCongestionAvoidance">
    /// True when CSS has lasted <see cref="CssRounds"/> rounds: the caller sets ssthresh to cwnd
    /// (after adding the returned growth) and continues in congestion avoidance.
    /// </param>
    /// <returns>The cwnd increase in bytes for this ACK (zero once finished).</returns>
    public int OnAck(in NewAck ack, int maxSegmentSize, out bool enterCongestionAvoidance)
    {
        enterCongestionAvoidance = false;
        if (Phase == HyStartPhase.Finished)
        {
            return 0;
        }

        if (!_roundStarted)
        {
            StartRound(ack.SndNxt);
        }

        // RFC 9406 §4.2: cwnd += min(N, L * SMSS), divided by CSS_GROWTH_DIVISOR during CSS.
        var increase = (int)Math.Min(ack.BytesAcked, (long)AckLimitSegments * maxSegmentSize);
        if (Phase == HyStartPhase.ConservativeSlowStart)
        {
            increase /= CssGrowthDivisor;
        }

        if (ack.RttSample is { } rtt)
        {
            if (rtt < _currentRoundMinRtt)
            {
                _currentRoundMinRtt = rtt;
            }

            _rttSampleCount++;
        }

        if (_rttSampleCount >= RttSamplesPerRound && _currentRoundMinRtt != TimeSpan.MaxValue)
        {
            if (Phase == HyStartPhase.SlowStart && _lastRoundMinRtt != TimeSpan.MaxValue)
            {
                // RFC 9406 §4.2: RttThresh = max(MIN_RTT_THRESH, min(lastRoundMinRTT / MIN_RTT_DIVISOR, MAX_RTT_THRESH)).
                var threshold = TimeSpan.FromTicks(Math.Clamp(_lastRoundMinRtt.Ticks / MinRttDivisor, MinRttThreshold.Ticks, MaxRttThreshold.Ticks));
                if (_currentRoundMinRtt >= _lastRoundMinRtt + threshold)
                {
                    _cssBaselineMinRtt = _currentRoundMinRtt;
                    Phase = HyStartPhase.ConservativeSlowStart;
                    _cssRoundsStarted = 1; // a partial round counts towards CSS_ROUNDS
                }
            }
            else if (Phase == HyStartPhase.ConservativeSlowStart && _currentRoundMinRtt < _cssBaselineMinRtt)
            {
                // RFC 9406 §4.2: the RTT increase was not congestion; resume slow start.
                _cssBaselineMinRtt = TimeSpan.MaxValue;
                Phase = HyStartPhase.SlowStart;
            }
        }

        if (ack.SndUna >= _windowEnd)
        {
            if (Phase == HyStartPhase.ConservativeSlowStart)
            {
                if (_cssRoundsStarted >= CssRounds)
                {
                    Phase = HyStartPhase.Finished;
                    enterCongestionAvoidance = true;
                    return increase;
                }

                _cssRoundsStarted++;
            }

            StartRound(ack.SndNxt);
        }

        return increase;
    }

    private void StartRound(SequenceNumber sndNxt)
    {
        _roundStarted = true;
        _windowEnd = sndNxt;
        _lastRoundMinRtt = _currentRoundMinRtt;
        _currentRoundMinRtt = TimeSpan.MaxValue;
        _rttSampleCount = 0;
    }
}
