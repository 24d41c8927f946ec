namespace SynAck.Tcp.Congestion;

// CUBIC's congestion avoidance (RFC 9438 §4.1-4.5): the cubic window function, the Reno-friendly
// estimate and the per-ACK growth towards the target one RTT ahead.
public sealed partial class Cubic
{
    // RFC 9438 §4.3: α_cubic = 3(1 - β) / (1 + β), so that on average CUBIC is as aggressive as Reno.
    private const double RenoFriendlyAlpha = 3 * (1 - Beta) / (1 + Beta);

    // RFC 9438 §4.2: the target never exceeds 1.5 cwnd.
    private const double MaxGrowthPerRtt = 1.5;

    /// <summary>RFC 9438 §4.2 equation 1: W_cubic(t) = C (t - K)^3 + W_max, in segments, for t seconds into the epoch.</summary>
    private double CubicWindow(double t)
    {
        var d = t - _epoch.K;
        return (C * d * d * d) + _epoch.WindowMax;
    }

    /// <summary>Congestion avoidance for <paramref name="bytesAcked"/> bytes of <paramref name="ack"/>.</summary>
    private void CongestionAvoidance(in NewAck ack, int bytesAcked)
    {
        var now = ack.Now;
        var smss = (double)MaxSegmentSize;
        if (_epoch.Start is not { } start)
        {
            start = StartEpoch(now);
        }
        else if (ack.ApplicationLimited && now > _epoch.LastAck)
        {
            // RFC 9438 §5.8: time while cwnd was not the limit does not count towards t.
            start += now - _epoch.LastAck;
            _epoch.Start = start;
        }

        _epoch.LastAck = now;
        if (ack.ApplicationLimited)
        {
            // RFC 9438 §5.8 and RFC 7661 §4.1: no growth while something else limits sending.
            return;
        }

        var t = Math.Max(0, (now - start).TotalSeconds);
        var window = CongestionWindow / smss;
        var segmentsAcked = bytesAcked / smss;

        // RFC 9438 §4.3: W_est grows as Reno would; α becomes 1 once W_est reaches cwnd_prior.
        var alpha = _epoch.RenoWindow >= _epoch.PriorWindow ? 1.0 : RenoFriendlyAlpha;
        _epoch.RenoWindow += alpha * segmentsAcked / window;

        if (CubicWindow(t) < _epoch.RenoWindow)
        {
            // RFC 9438 §4.3: the Reno-friendly region; cwnd follows W_est (never shrinking here).
            var reno = _epoch.RenoWindow * smss;
            if (reno > CongestionWindow)
            {
                CongestionWindow = (int)Math.Min(reno, MaxWindow);
                _epoch.GrowthRemainder = 0;
            }

            return;
        }

        // RFC 9438 §4.2, §4.4-4.5 (concave below W_max, convex above): aim at W_cubic(t + RTT),
        // kept within [cwnd, 1.5 cwnd], and grow by (target - cwnd) / cwnd per SMSS acknowledged.
        var rtt = ack.SmoothedRtt > TimeSpan.Zero ? ack.SmoothedRtt : ack.RttSample ?? TimeSpan.Zero;
        var target = Math.Clamp(CubicWindow(t + rtt.TotalSeconds), window, MaxGrowthPerRtt * window);
        _epoch.GrowthRemainder += (target - window) / window * bytesAcked;
        var whole = Math.Floor(_epoch.GrowthRemainder);
        _epoch.GrowthRemainder -= whole;
        CongestionWindow = (int)Math.Min(CongestionWindow + whole, MaxWindow);
    }

    /// <summary>
    /// The first ACK of a congestion avoidance stage: t = 0, cwnd_epoch = cwnd, W_est = cwnd_epoch,
    /// and K from RFC 9438 §4.2 equation 2, K = cbrt((W_max - cwnd_epoch) / C). Without a larger
    /// W_max (no loss yet, or after a timeout, §4.8) W_max is cwnd_epoch and K is zero.
    /// </summary>
    private TimeSpan StartEpoch(TimeSpan now)
    {
        var window = (double)CongestionWindow / MaxSegmentSize;
        if (_epoch.WindowMax <= window)
        {
            _epoch.WindowMax = window;
            _epoch.K = 0;
        }
        else
        {
            _epoch.K = Math.Cbrt((_epoch.WindowMax - window) / C);
        }

        _epoch.RenoWindow = window;
        _epoch.GrowthRemainder = 0;
        _epoch.Start = now;
        _epoch.LastAck = now;
        return now;
    }

    /// <summary>CUBIC's state between events, in segments and seconds.</summary>
    private struct CubicEpoch
    {
        /// <summary>t = 0 of the current congestion avoidance stage; null outside one.</summary>
        public TimeSpan? Start;

        /// <summary>When the last ACK of the epoch arrived.</summary>
        public TimeSpan LastAck;

        /// <summary>W_max in segments.</summary>
        public double WindowMax;

        /// <summary>K in seconds.</summary>
        public double K;

        /// <summary>W_est in segments.</summary>
        public double RenoWindow;

        /// <summary>cwnd_prior in segments: cwnd before the last reduction (0 before any).</summary>
        public double PriorWindow;

        /// <summary>Growth (bytes) not yet added to cwnd because it was less than a byte.</summary>
        public double GrowthRemainder;
    }
}
